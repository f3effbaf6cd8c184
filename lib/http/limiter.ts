/** Caps how many requests run at once and how often one starts (PlanFix and Worksection allow about 1 per second). */
export interface Limiter {
  /** Runs `task` in its turn; given up while it waits once `signal` is aborted (rejects with its reason). */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
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
 * `intervalMs` after the turn is given, so the next start anywhere comes at least that much later. A request given up
 * while it waits leaves the queue, and takes no turn from the others.
 */
function sharedTurn(locks: LockManager, name: string, intervalMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((turn, failed) => {
    const options = signal ? { signal } : {};
    locks
      .request(`trackerdrop-spacing:${name}`, options, () => {
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

  const spaced = async (signal?: AbortSignal): Promise<void> => {
    if (locks && options.sharedAs) return sharedTurn(locks, options.sharedAs, interval, signal);
    const gap = interval - (Date.now() - lastStart);
    lastStart = Date.now() + Math.max(0, gap);
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
  };
  const acquire = async (signal?: AbortSignal): Promise<void> => {
    if (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      await spaced(signal);
    } catch (error) {
      release();
      throw error;
    }
  };
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };

  return {
    async run(task, signal) {
      await acquire(signal);
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

/**
 * A tracker's API calls to `host`: one at a time, started at least `minIntervalMs` apart on the tracker's clock
 * shared by every context of the extension (its ZIP entries and copies take turns on it too).
 */
export function apiLimiterOf(tracker: string, host: string, minIntervalMs: number): Limiter {
  return limiterOf(`api:${host}:${minIntervalMs}`, { concurrency: 1, minIntervalMs, sharedAs: tracker });
}

const limiters = new Map<string, Limiter>();

/** The limiter named `key` in this context, made with `options` the first time. */
function limiterOf(key: string, options: LimiterOptions): Limiter {
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
  }, signal);
}
