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
