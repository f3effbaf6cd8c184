/** Caps how many requests run at once and how often one starts (PlanFix and Worksection allow about 1 per second). */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

interface LimiterOptions {
  concurrency: number;
  minIntervalMs?: number;
  /**
   * The name under which the spacing is kept across the extension's contexts (worker, offscreen document): a tracker's
   * rate is per account, whichever context asks. Without it, or without Web Locks (Node), the spacing is this
   * context's own.
   */
  sharedAs?: string;
}

/**
 * Waits for the turn to start under `name` in any of the extension's contexts: the Web Lock of that name, held for
 * `intervalMs` after the turn is given, so the next start anywhere comes at least that much later.
 */
function sharedTurn(locks: LockManager, name: string, intervalMs: number): Promise<void> {
  return new Promise((turn, failed) => {
    locks
      .request(`trackerdrop-spacing:${name}`, () => {
        turn();
        return new Promise((resolve) => setTimeout(resolve, intervalMs));
      })
      .catch(failed);
  });
}

function webLocks(): LockManager | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.locks;
}

export function createLimiter(options: LimiterOptions): Limiter {
  let running = 0;
  let lastStart = 0;
  const waiting: (() => void)[] = [];
  const interval = options.minIntervalMs ?? 0;
  const locks = options.sharedAs && interval > 0 ? webLocks() : undefined;

  const spaced = async (): Promise<void> => {
    if (locks && options.sharedAs) return sharedTurn(locks, options.sharedAs, interval);
    const gap = interval - (Date.now() - lastStart);
    lastStart = Date.now() + Math.max(0, gap);
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
  };
  const acquire = async (): Promise<void> => {
    if (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    await spaced();
  };
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** The least time between request starts that a documented rate allows; undefined without one (no spacing). */
export function minIntervalFor(requestsPerSecond: number | undefined): number | undefined {
  return requestsPerSecond !== undefined && requestsPerSecond > 0 ? 1000 / requestsPerSecond : undefined;
}

/**
 * Spaces the starts of requests at least `minIntervalMs` apart however many run at once (their bodies still stream
 * together), shared with the tracker's API calls in every context of the extension. Undefined without an interval:
 * requests start at once.
 */
export function startSpacing(tracker: string, minIntervalMs: number | undefined): Limiter | undefined {
  if (minIntervalMs === undefined || minIntervalMs <= 0) return undefined;
  return limiterOf(`starts:${tracker}:${minIntervalMs}`, {
    concurrency: Number.POSITIVE_INFINITY,
    minIntervalMs,
    sharedAs: tracker,
  });
}

const limiters = new Map<string, Limiter>();

/** The limiter named `key` in this context, made with `options` the first time. */
export function limiterOf(key: string, options: LimiterOptions): Limiter {
  const limiter = limiters.get(key) ?? createLimiter(options);
  limiters.set(key, limiter);
  return limiter;
}

/**
 * Starts `start` when `spacing` (if any) gives its turn, unless `signal` was aborted while it waited: a request
 * given up meanwhile is not sent.
 */
export function spacedStart<T>(spacing: Limiter | undefined, signal: AbortSignal, start: () => Promise<T>): Promise<T> {
  if (!spacing) return start();
  return spacing.run(async () => {
    signal.throwIfAborted();
    return start();
  });
}
