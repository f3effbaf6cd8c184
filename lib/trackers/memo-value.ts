/** What a client kept in its memo, read back; anything unreadable (an older or damaged value) as nothing kept. */
export function memoValue(stored: string | undefined): unknown {
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as unknown;
  } catch {
    return undefined;
  }
}
