/**
 * An in-memory Web Locks manager (exclusive locks, granted in the order asked, as the spec's queue), for Node, which
 * has none: what two extension contexts share through `navigator.locks` in a browser.
 */
export function installWebLocks(): () => void {
  const queues = new Map<string, (() => void)[]>();
  const request = (name: string, callback: () => Promise<unknown>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const queue = queues.get(name) ?? [];
      queues.set(name, queue);
      const grant = () => {
        callback()
          .then(resolve, reject)
          .finally(() => {
            queue.shift();
            queue[0]?.();
          });
      };
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
