import { onQueueChange } from '../jobs/changes';
import { pacedPushes } from './paced-pushes';

/**
 * Watchers are told of a change at once, then not more often than this: a busy queue changes many times a second.
 * The queue's end is told at once whatever the pace.
 */
const pushGapMs = 100;
/** Pushes are spaced at least this many times the last one's cost (see pacedPushes). */
const pushCostFactor = 5;
/**
 * The browser's downloads API tells no progress: while a download runs, a fresh snapshot (which reads its progress)
 * goes out this often, and changes wait for it. In the bench's Download all of 204 files (BENCH_TRACE=1), a snapshot
 * every 100 ms made the browser's IndexedDB tasks take 560–660 ms against 470–550 ms, and Download all 1.24–1.39
 * times the floor against 1.17–1.22 (three interleaved runs each); two full bench runs after it stayed at 1.28–1.30,
 * within this machine's noise (README, Benchmark).
 */
export const downloadProgressMs = 500;

/**
 * Posts a snapshot now and after every queue change, one at a time, until stopped. While `moving` says a download
 * runs, another follows after `downloadProgressMs` even without a change. Returns the stop.
 */
export function followSnapshots<T>(
  post: (value: T) => void,
  snapshot: () => Promise<T>,
  moving: (value: T) => boolean,
): () => void {
  let open = true;
  let downloading = false;
  const pushes = pacedPushes(
    async () => {
      const value = await snapshot();
      if (!open) return;
      post(value);
      downloading = moving(value);
      if (downloading) pushes.soon(downloadProgressMs);
    },
    { costFactor: pushCostFactor, what: 'a snapshot failed' },
  );
  const stopListening = onQueueChange(({ settled }) =>
    settled ? void pushes.now() : pushes.soon(downloading ? downloadProgressMs : pushGapMs),
  );
  void pushes.now();
  return () => {
    open = false;
    stopListening();
    pushes.stop();
  };
}
