import { apiFor } from '../background/apis';
import { loadPreferences } from '../preferences';
import { trackerLabels } from '../trackers/labels';
import { taskKey } from '../trackers/task-key';
import type { Attachment, TaskRef } from '../trackers/types';
import type { DownloadJob } from './job';
import { type LedgerEntry, ledgerKey } from './ledger-entry';
import { planDownloads } from './plan';
import { planZip } from './plan-zip';
import { enqueue } from './runner';
import { ledgerOfTask } from './store';

/** Saved before and unchanged since: same size, and same hash where the tracker gives one. */
export function savedUnchanged(attachment: Attachment, ledger: ReadonlyMap<string, LedgerEntry>, key: string): boolean {
  const entry = ledger.get(ledgerKey(key, attachment.id));
  return entry !== undefined && entry.size === attachment.size && entry.md5 === attachment.md5;
}

/**
 * Queues the task's files for saving. The list comes from the tracker again here, never from the page: a page
 * only names which of the task's own files it wants.
 */
export async function startDownloads(
  task: TaskRef,
  which: 'all' | 'new' | readonly string[],
  asZip?: boolean,
): Promise<number> {
  const key = taskKey(task);
  const { title, attachments } = await (await apiFor(task.tracker)).listAttachments(task);
  const ledger = new Map((await ledgerOfTask(key)).map((entry) => [entry.key, entry]));
  const picked =
    which === 'all'
      ? attachments
      : which === 'new'
        ? attachments.filter((attachment) => !savedUnchanged(attachment, ledger, key))
        : attachments.filter((attachment) => which.includes(attachment.id));
  const { pathPattern, zipByDefault } = await loadPreferences();
  const batchId = crypto.randomUUID();
  const now = Date.now();
  if ((asZip ?? zipByDefault) && picked.length > 0) {
    await enqueue([zipJob(task, title ?? '', picked, batchId, now)]);
    return picked.length;
  }
  const jobs: DownloadJob[] = planDownloads(task, title ?? '', trackerLabels[task.tracker], picked, pathPattern).map(
    ({ attachment, path }, index) => ({
      id: crypto.randomUUID(),
      batchId,
      task,
      taskKey: key,
      taskTitle: title ?? '',
      attachment,
      path,
      state: 'queued',
      attempts: 0,
      notBefore: 0,
      bytesReceived: 0,
      totalBytes: attachment.size,
      createdAt: now + index,
    }),
  );
  await enqueue(jobs);
  return jobs.length;
}

/** One job that saves all the picked files as one ZIP; its `attachment` stands for the ZIP file. */
function zipJob(
  task: TaskRef,
  title: string,
  picked: readonly Attachment[],
  batchId: string,
  now: number,
): DownloadJob {
  const plan = planZip(task, title, trackerLabels[task.tracker], picked);
  const size = picked.reduce((total, attachment) => total + attachment.size, 0);
  return {
    id: crypto.randomUUID(),
    batchId,
    task,
    taskKey: taskKey(task),
    taskTitle: title,
    attachment: {
      id: `zip:${batchId}`,
      name: plan.path.slice(plan.path.lastIndexOf('/') + 1),
      size,
      sizeExact: picked.every((attachment) => attachment.sizeExact),
      place: { kind: 'task' },
    },
    path: plan.path,
    state: 'queued',
    attempts: 0,
    notBefore: 0,
    bytesReceived: 0,
    totalBytes: size,
    createdAt: now,
    zip: { entries: plan.entries },
  };
}
