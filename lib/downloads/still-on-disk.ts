import browser from 'webextension-polyfill';

/** How long the browser gets to look at the files after being asked (a stat per file, off the main thread). */
const existenceCheckMs = 250;

/**
 * The browser downloads (by id) whose files are still on disk. The downloads API learns that a file was deleted
 * only when asked: the first search starts the check, the second, a moment later, reads its outcome. A download no
 * longer in the browser's history is not known to be there.
 */
export async function stillOnDisk(downloadIds: readonly number[]): Promise<Set<number>> {
  if (downloadIds.length === 0) return new Set();
  const wanted = new Set(downloadIds);
  await browser.downloads.search({ limit: 0 });
  await new Promise((resolve) => setTimeout(resolve, existenceCheckMs));
  const items = await browser.downloads.search({ exists: true, state: 'complete', limit: 0 });
  return new Set(items.filter((item) => wanted.has(item.id)).map((item) => item.id));
}
