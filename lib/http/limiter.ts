/** Caps how many requests run at once and how often one starts (PlanFix and Worksection allow about 1 per second). */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(options: { concurrency: number; minIntervalMs?: number }): Limiter {
  let running = 0;
  let lastStart = 0;
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<void> => {
    if (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    const gap = (options.minIntervalMs ?? 0) - (Date.now() - lastStart);
    lastStart = Date.now() + Math.max(0, gap);
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
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

const startSpacings = new Map<string, Limiter>();

/**
 * Spaces the starts of requests at least `minIntervalMs` apart however many run at once (their bodies still stream
 * together): one for each key in this context, so concurrent callers of one tracker share it. Undefined without an
 * interval: requests start at once.
 */
export function startSpacing(key: string, minIntervalMs: number | undefined): Limiter | undefined {
  if (minIntervalMs === undefined || minIntervalMs <= 0) return undefined;
  const id = `${key}:${minIntervalMs}`;
  const limiter = startSpacings.get(id) ?? createLimiter({ concurrency: Number.POSITIVE_INFINITY, minIntervalMs });
  startSpacings.set(id, limiter);
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
