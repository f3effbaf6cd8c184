import { serialPump } from '../jobs/pump';

export interface PacedPushes {
  /** Pushes as soon as the pacing allows: at once when the last push was at least `gapMs` ago. */
  soon(gapMs: number): void;
  /** Pushes now (one push at a time: a push under way is followed by one more). */
  now(): Promise<void>;
  stop(): void;
}

/**
 * Paces the snapshots a watcher is sent. A push starts at once when the last one is far enough back, so an end is
 * shown when it happens; changes that come sooner fold into one push at the earliest allowed time, and a push asked
 * for later (a progress refresh) is brought forward by one asked for sooner. Pushes are also spaced by `costFactor`
 * times the last one's cost: a snapshot of 2,000 transfers costs the worker and the page tens of ms, on the cores the
 * downloads need.
 */
export function pacedPushes(push: () => Promise<void>, { costFactor, what }: { costFactor: number; what: string }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  let lastCostMs = 0;
  const now = serialPump(async () => {
    lastStart = Date.now();
    try {
      await push();
    } finally {
      lastCostMs = Date.now() - lastStart;
    }
  }, what);
  return {
    soon(gapMs) {
      const due = Math.max(Date.now(), lastStart + Math.max(gapMs, costFactor * lastCostMs));
      if (timer !== undefined && dueAt <= due) return;
      clearTimeout(timer);
      dueAt = due;
      timer = setTimeout(() => {
        timer = undefined;
        dueAt = Number.POSITIVE_INFINITY;
        void now();
      }, due - Date.now());
    },
    now,
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  } satisfies PacedPushes;
}
