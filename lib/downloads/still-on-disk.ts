import browser from 'webextension-polyfill';

/** How long the browser gets to look at the files after being asked (a stat per file, off the main thread). */
const existenceCheckMs = 250;

/**
 * Asks the browser to look whether saved files are still on disk. The downloads API learns that a file was deleted
 * only when a search asks (Chromium looks at most once in 10 s), and the answer comes a moment after: a task page
 * asks as it opens, so the outcome is there when the user clicks.
 */
export async function lookForDeletedFiles(): Promise<void> {
  await browser.downloads.search({ limit: 1 });
}

/**
 * The browser downloads (by id) whose files are still on disk, as far as the browser knows: it looks again if it
 * has not lately, and its outcome is read a moment later. A download no longer in the browser's history is not
 * known to be there.
 */
export async function stillOnDisk(downloadIds: readonly number[]): Promise<Set<number>> {
  if (downloadIds.length === 0) return new Set();
  const wanted = new Set(downloadIds);
  await lookForDeletedFiles();
  await new Promise((resolve) => setTimeout(resolve, existenceCheckMs));
  const items = await browser.downloads.search({ exists: true, state: 'complete', limit: 0 });
  return new Set(items.filter((item) => wanted.has(item.id)).map((item) => item.id));
}
