import browser from 'webextension-polyfill';

/** How long the browser gets to look at the files after being asked (a stat per file, off the main thread). */
const existenceCheckMs = 250;

const sessionKey = 'downloadSession';
/** Asked once per worker life: two downloads that end together would otherwise each make one. */
let session: Promise<string> | undefined;

/**
 * Names this browser session, which a download id belongs to: Firefox numbers downloads anew in each session, and its
 * searches know only this one's downloads. Session storage is cleared when the browser restarts.
 */
export function downloadSession(): Promise<string> {
  session ??= (async () => {
    const stored: unknown = (await browser.storage.session.get(sessionKey))[sessionKey];
    if (typeof stored === 'string') return stored;
    const created = crypto.randomUUID();
    await browser.storage.session.set({ [sessionKey]: created });
    return created;
  })().catch((error: unknown) => {
    session = undefined;
    throw error;
  });
  return session;
}

/**
 * Whether a download id recorded in session `recorded` still names that download in session `current`: Firefox
 * numbers downloads anew in each session (the same number is another download, or none); Chromium keeps its ids.
 */
export function sameDownloadIn(recorded: string | undefined, current: string): boolean {
  return !import.meta.env.FIREFOX || recorded === current;
}

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
