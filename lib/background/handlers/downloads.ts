import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { isActive } from '../../downloads/job';
import { cancelJob, refreshRunning, retryJob } from '../../downloads/runner';
import { startDownloads } from '../../downloads/start';
import { jobsOfTask, ledgerOfTask } from '../../downloads/store';
import { StartDownloadsSchema, TaskRefSchema, TrackerIdSchema, TransferRefSchema, toBackground } from '../../messages';
import { taskKey } from '../../trackers/task-key';
import { toResult } from '../result';
import { requireTaskSender, type SenderContext } from '../sender-check';

export function handleDownloadMessages(context: SenderContext): void {
  toBackground.onMessage('startDownloads', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(StartDownloadsSchema, data);
      requireTaskSender(context, sender, input.task);
      return { count: await startDownloads(input.task, input.which) };
    }),
  );

  toBackground.onMessage('taskTransfers', ({ data, sender }) =>
    toResult(async () => {
      const task = v.parse(TaskRefSchema, data);
      requireTaskSender(context, sender, task);
      const key = taskKey(task);
      await refreshRunning();
      const all = (await jobsOfTask(key)).sort((a, b) => a.createdAt - b.createdAt);
      // The newest batch is what the toolbar reports on; earlier ones live on in the ledger.
      const latestBatch = all.at(-1)?.batchId;
      const jobs = all.filter((job) => job.batchId === latestBatch);
      return {
        transfers: jobs.map((job) => ({
          id: job.id,
          attachmentId: job.attachment.id,
          name: job.attachment.name,
          path: job.path,
          state: job.state,
          bytesReceived: job.bytesReceived,
          totalBytes: job.totalBytes,
          error: job.error,
        })),
        saved: (await ledgerOfTask(key)).map((entry) => ({
          attachmentId: entry.attachmentId,
          size: entry.size,
          md5: entry.md5,
        })),
      };
    }),
  );

  toBackground.onMessage('cancelTransfers', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(TransferRefSchema, data);
      requireTaskSender(context, sender, input.task);
      const jobs = (await jobsOfTask(taskKey(input.task))).filter(isActive);
      for (const job of jobs) if (!input.jobId || job.id === input.jobId) await cancelJob(job.id);
      return null;
    }),
  );

  toBackground.onMessage('retryTransfer', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(TransferRefSchema, data);
      requireTaskSender(context, sender, input.task);
      const job = (await jobsOfTask(taskKey(input.task))).find((candidate) => candidate.id === input.jobId);
      if (job) await retryJob(job.id);
      return null;
    }),
  );

  toBackground.onMessage('openSettings', ({ data }) =>
    toResult(async () => {
      const tracker = v.parse(TrackerIdSchema, data);
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${tracker}`) });
      return null;
    }),
  );
}
