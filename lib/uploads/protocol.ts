import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Settings } from '../trackers/definition';

/** What the worker hands the upload runner: the offscreen document cannot read `storage` itself. */
export interface RunnerSetup {
  /** Per tracker id, the settings of each connected tracker. */
  settings: Partial<Record<string, Settings>>;
  parallelUploads: number;
}

/** Messages between the background (coordinator) and the upload runner in the offscreen document. */
export interface UploadProtocol {
  /** background -> offscreen: move the queue forward with these credentials. */
  runUploads(setup: RunnerSetup): void;
  /** background -> offscreen: stop this job's request now (its state is already `cancelled`). */
  abortUpload(jobId: string): void;
  /** offscreen -> background: every file of the batch is done, failed or cancelled. */
  uploadBatchFinished(batchId: string): void;
}

export const uploadMessages = defineExtensionMessaging<UploadProtocol>();
