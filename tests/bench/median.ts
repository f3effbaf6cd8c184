/** The middle value (the mean of the two middle ones for an even count): the bench's figures are medians of runs. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Each round's extension time over the floor's of the same round, as median and range: rounds run back to back, so
 * the machine's slow drift (the floor moved by a third between runs here) falls on both sides of each pair.
 */
export function pairedRatios(extension: readonly number[], floor: readonly number[]): string {
  const ratios = extension.map((seconds, index) => seconds / (floor[index] ?? Number.NaN));
  return `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}
