/**
 * One signal for "a transfer changed" in the worker: the download queue raises it on every step, the upload
 * coordinator when the runner reports one. Watching toolbars and popups and the badge follow it.
 */
export interface QueueChange {
  /** The download queue has nothing left under way: the end a user waits for, worth telling at once. */
  settled: boolean;
}

type Listener = (change: QueueChange) => void;
const listeners = new Set<Listener>();

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function queueChanged(change: QueueChange = { settled: false }): void {
  for (const listener of listeners) listener(change);
}
