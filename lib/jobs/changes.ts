/**
 * One signal for "a transfer changed" in the worker: the download queue raises it on every step, the upload
 * coordinator when the runner reports one. Watching toolbars and popups and the badge follow it.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function queueChanged(): void {
  for (const listener of listeners) listener();
}
