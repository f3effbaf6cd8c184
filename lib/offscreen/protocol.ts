import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ZipOrder } from '../downloads/zip-order';
import type { Result } from '../errors';
import type { Settings } from '../trackers/definition';
import type { DownloadRequest } from '../trackers/types';
import type { FinishedBatch } from '../uploads/runner';

/**
 * What the worker hands the upload runner: the offscreen document cannot read `storage` itself. Asked for by the
 * offscreen document (`runnerSetup`), so the credentials go to it alone: a message from the worker would reach
 * every page of the extension.
 */
export interface RunnerSetup {
  /** Per tracker id, the settings of each connected tracker. */
  settings: Partial<Record<string, Settings>>;
  parallelUploads: number;
  /** What the worker's clients cached (sessions), so the runner does not log in again beside them. */
  memo: Record<string, string>;
}

/** Messages between the worker and the offscreen document, where uploads and ZIPs run (Chromium). */
export interface OffscreenProtocol {
  /** worker -> offscreen: move the upload queue forward (the runner asks for its setup). */
  runUploads(): void;
  /** offscreen -> worker: the credentials and preferences the runner needs now. */
  runnerSetup(): RunnerSetup;
  /** worker -> offscreen: stop this upload's request now (its state is already `cancelled`). */
  abortUpload(jobId: string): void;
  /** offscreen -> worker: every file of the batch is done, failed or cancelled. */
  uploadBatchFinished(batch: FinishedBatch): void;
  /** offscreen -> worker: a client here cached something new (a renewed session): the worker keeps it. */
  memoChanged(change: { key: string; value?: string }): void;
  /** offscreen -> worker: how far an upload is (a few times a second), for toolbars and the popup. */
  uploadProgress(progress: { jobId: string; bytesSent: number }): void;
  /** worker -> offscreen: build the ZIP on disk; answers a blob URL of the finished file. */
  buildZip(order: ZipOrder): Result<{ url: string; bytes: number }>;
  /** worker -> offscreen: stop building this ZIP. */
  abortZip(jobId: string): void;
  /** worker -> offscreen: the browser has the file; free the blob URL and the temporary file. */
  discardZip(jobId: string): void;
  /** offscreen -> worker: bytes fetched so far (also keeps the worker awake during a long build). */
  zipProgress(progress: { jobId: string; bytes: number }): void;
  /** offscreen -> worker: how to fetch this entry of the ZIP being built, asked as its turn comes. */
  zipEntryRequest(ask: { jobId: string; index: number }): Result<DownloadRequest>;
}

export const offscreenMessages = defineExtensionMessaging<OffscreenProtocol>();
