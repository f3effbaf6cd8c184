/**
 * An in-memory Web Locks manager (exclusive locks, granted in the order asked, as the spec's queue; a request whose
 * `signal` is aborted while it waits leaves the queue and rejects with the signal's reason), for Node, which has none:
 * what two extension contexts share through `navigator.locks` in a browser.
 */
export function installWebLocks(): () => void {
  const queues = new Map<string, (() => void)[]>();
  type Callback = () => Promise<unknown>;
  /** As the API: `request(name, callback)` or `request(name, options, callback)`. */
  const request = (name: string, ...args: [Callback] | [{ signal?: AbortSignal }, Callback]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const [options, callback] = args.length === 1 ? [{}, args[0]] : args;
      const { signal } = options;
      if (signal?.aborted) return reject(signal.reason);
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      const leave = () => {
        const at = queue.indexOf(grant);
        if (at > 0) {
          queue.splice(at, 1);
          reject(signal?.reason);
        }
      };
      const grant = () => {
        signal?.removeEventListener('abort', leave);
        callback()
          .then(resolve, reject)
          .finally(() => {
            queue.shift();
            queue[0]?.();
          });
      };
      signal?.addEventListener('abort', leave, { once: true });
      queue.push(grant);
      if (queue.length === 1) grant();
    });
  const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  Object.defineProperty(globalThis, 'navigator', { value: { locks: { request } }, configurable: true });
  return () => {
    if (before) Object.defineProperty(globalThis, 'navigator', before);
    else Reflect.deleteProperty(globalThis, 'navigator');
  };
}
