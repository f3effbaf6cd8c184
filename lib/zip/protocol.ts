import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from '../messages';
import type { TrackerId } from '../trackers/registry';
import type { DownloadRequest } from '../trackers/types';

/** One file of a ZIP: where it goes inside, and how to fetch it (headers are secrets: never logged). */
export interface ZipEntry {
  path: string;
  request: DownloadRequest;
  /** Expected bytes, for progress only (PlanFix sizes are rounded). */
  size: number;
}

export interface ZipOrder {
  jobId: string;
  tracker: TrackerId;
  entries: ZipEntry[];
}

/** Messages between the download runner (service worker) and the ZIP builder (offscreen document). */
export interface ZipProtocol {
  /** worker -> offscreen: build the ZIP on disk; answers a blob URL of the finished file. */
  buildZip(order: ZipOrder): Result<{ url: string; bytes: number }>;
  /** worker -> offscreen: stop building this ZIP. */
  abortZip(jobId: string): void;
  /** worker -> offscreen: the browser has the file; free the blob URL and the temporary file. */
  discardZip(jobId: string): void;
  /** offscreen -> worker: bytes fetched so far (also keeps the worker awake during a long build). */
  zipProgress(progress: { jobId: string; bytes: number }): void;
}

export const zipMessages = defineExtensionMessaging<ZipProtocol>();
