/** Speed of each moving transfer, smoothed over the samples the popup takes while it is open. */
export interface RateSample {
  bytes: number;
  at: number;
  bytesPerSecond?: number;
}

const smoothing = 0.4;

export function nextRates(
  previous: ReadonlyMap<string, RateSample>,
  current: readonly { id: string; bytesDone: number }[],
  now: number,
): Map<string, RateSample> {
  const rates = new Map<string, RateSample>();
  for (const { id, bytesDone } of current) {
    const before = previous.get(id);
    if (!before || now <= before.at || bytesDone < before.bytes) {
      rates.set(id, { bytes: bytesDone, at: now });
      continue;
    }
    const instant = ((bytesDone - before.bytes) * 1000) / (now - before.at);
    const smoothed =
      before.bytesPerSecond === undefined ? instant : before.bytesPerSecond * (1 - smoothing) + instant * smoothing;
    rates.set(id, { bytes: bytesDone, at: now, bytesPerSecond: smoothed });
  }
  return rates;
}
