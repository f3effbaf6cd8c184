/**
 * A wait that the next `ring` ends, or the signal's abort: for a loop that waits until its condition holds (a
 * message came, a buffer came back), and must not wait on once the work is aborted.
 */
export class Wakeup {
  private wake: (() => void) | undefined;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', () => this.ring(), { once: true });
  }

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  ring(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
