/** A size for people: `0 B`, `300 KB`, `1.5 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  // A measured speed comes in fractions of a byte; bytes are shown whole.
  let value = Math.round(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A duration as `m:ss` or `h:mm:ss`, the same in every language. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** A name (or address) as it can be shown: control characters made visible, a very long one cut. */
export function shownName(name: string): string {
  const visible = name.replace(/\p{Cc}/gu, '\uFFFD');
  return [...visible].length > 80 ? `${[...visible].slice(0, 79).join('')}…` : visible;
}
