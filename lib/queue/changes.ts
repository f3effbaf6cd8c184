/**
 * One signal for "a transfer changed" in the worker: the download runner raises it on every step, the upload
 * coordinator when the offscreen runner reports one. Toolbars and the badge follow it.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
let version = 0;

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function queueChanged(): void {
  version++;
  for (const listener of listeners) listener();
}

/** A number that changes whenever the queue does (from 0 again in each worker life). */
export function queueVersion(): number {
  return version;
}

export interface LongPoll {
  minWaitMs: number;
  timeoutMs: number;
  /** Nothing is left to move: a change is answered at once, so an ending shows without delay. */
  idle: () => boolean;
}

/**
 * A long poll for toolbars. Resolves once the queue has changed since `seen` and `minWaitMs` have passed since the
 * call, so a busy queue is looked at a few times a second rather than after every file; at once when the change
 * left nothing to do (a batch just finished); and after `timeoutMs` in any case.
 */
export function queueChangeAfter(seen: number, { minWaitMs, timeoutMs, idle }: LongPoll): Promise<void> {
  const asked = Date.now();
  return new Promise<void>((resolve) => {
    let pause: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      clearTimeout(timeout);
      clearTimeout(pause);
      stopListening();
      resolve();
    };
    const check = (): void => {
      if (seen === version) return;
      const wait = minWaitMs - (Date.now() - asked);
      if (wait <= 0 || idle()) finish();
      else pause ??= setTimeout(finish, wait);
    };
    const timeout = setTimeout(finish, timeoutMs);
    const stopListening = onQueueChange(check);
    check();
  });
}
