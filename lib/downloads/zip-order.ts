import type { DownloadRequest } from '../trackers/types';

/** One file of a ZIP: where it goes inside. How to fetch it is asked when its turn comes (`EntryRequest`). */
export interface ZipEntry {
  path: string;
  /** Expected bytes, for progress only (PlanFix sizes are rounded). */
  size: number;
  /** The entry's date (ms since epoch): the file's own where the tracker gives it, so a rebuilt ZIP is identical. */
  modified: number;
}

export interface ZipOrder {
  jobId: string;
  tracker: string;
  entries: ZipEntry[];
  /** How many entries are fetched at once. */
  parallel: number;
  /**
   * The least time between the starts of two entries' requests, from the tracker's documented rate (an entry's
   * request is an API call for PlanFix and Worksection); undefined: they start together.
   */
  minIntervalMs?: number;
}

/**
 * How to fetch entry `index` of an order (headers are secrets: never logged), asked by the builder just before it
 * opens the entry: a request signed up front (a signed link, a dated signature, a session) could expire before a
 * long ZIP reaches it.
 */
export type EntryRequest = (index: number) => Promise<DownloadRequest>;

/** Builds a task's ZIP on disk where transfers run, and hands back a blob URL the downloads API can save. */
export interface ZipBuilder {
  build(
    order: ZipOrder,
    onProgress: (bytes: number) => void,
    requestFor: EntryRequest,
  ): Promise<{ url: string; bytes: number }>;
  abort(jobId: string): Promise<void>;
  discard(jobId: string): Promise<void>;
}
