import type { DownloadJob, LedgerEntry } from '../jobs/records';
import { loadPreferences } from '../settings/preferences';
import { type TaskRef, trackerOf } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import type { Attachment } from '../trackers/types';
import { savedUnchanged } from './ledger-entry';
import { planDownloads } from './plan';
import { planZip } from './plan-zip';
import type { DownloadQueue, DownloadQueueDeps } from './queue';
import { stillOnDisk } from './still-on-disk';
import { ledgerOfTask } from './store';

/**
 * Queues the task's files for saving. The list comes from the tracker again here, never from the page: a page
 * only names which of the task's own files it wants. Files already in the folder, unchanged, are left there
 * (unless the user prefers otherwise); the answer says how many.
 */
export async function startDownloads(
  task: TaskRef,
  which: 'all' | 'new' | readonly string[],
  asZip: boolean | undefined,
  { clientFor, queue }: Pick<DownloadQueueDeps, 'clientFor'> & { queue: Pick<DownloadQueue, 'enqueue'> },
): Promise<{ count: number; skipped: number }> {
  const key = taskKey(task);
  // What is stored is read while the tracker answers.
  const [{ title, attachments }, saved, { pathPattern, zipByDefault, existingFiles }] = await Promise.all([
    clientFor(task).then((client) => client.listAttachments(task)),
    ledgerOfTask(key),
    loadPreferences(),
  ]);
  const ledger = new Map(saved.map((entry) => [entry.attachmentId, entry]));
  const unchanged = (attachment: Attachment) => savedUnchanged(attachment, ledger.get(attachment.id));
  const wanted =
    which === 'all'
      ? attachments
      : which === 'new'
        ? attachments.filter((attachment) => !unchanged(attachment))
        : attachments.filter((attachment) => which.includes(attachment.id));
  const batchId = crypto.randomUUID();
  const now = Date.now();
  if ((asZip ?? zipByDefault) && wanted.length > 0) {
    await queue.enqueue([zipJob(task, title ?? '', wanted, batchId, now)]);
    return { count: wanted.length, skipped: 0 };
  }
  const there =
    existingFiles === 'skip-identical'
      ? await stillOnDisk(
          wanted.flatMap((attachment) => (unchanged(attachment) ? ledgerDownloadIds(ledger, attachment) : [])),
        )
      : new Set<number>();
  const alreadyThere = (attachment: Attachment): boolean => {
    if (existingFiles !== 'skip-identical' || !unchanged(attachment)) return false;
    const downloadId = ledger.get(attachment.id)?.downloadId;
    // Erased from the history on purpose (its URL was a credential): the ledger is all there is to go by.
    return downloadId === undefined || there.has(downloadId);
  };
  const picked = wanted.filter((attachment) => !alreadyThere(attachment));
  const conflictAction = existingFiles === 'overwrite' ? 'overwrite' : 'uniquify';
  const jobs: DownloadJob[] = planDownloads(task, title ?? '', trackerOf(task.tracker).label, picked, pathPattern).map(
    ({ attachment, path }, index) => ({
      id: crypto.randomUUID(),
      batchId,
      task,
      taskKey: key,
      taskTitle: title ?? '',
      attachment,
      path,
      conflictAction,
      state: 'queued',
      attempts: 0,
      notBefore: 0,
      bytesReceived: 0,
      totalBytes: attachment.size,
      createdAt: now + index,
    }),
  );
  await queue.enqueue(jobs);
  return { count: jobs.length, skipped: wanted.length - picked.length };
}

function ledgerDownloadIds(ledger: ReadonlyMap<string, LedgerEntry>, attachment: Attachment): number[] {
  const downloadId = ledger.get(attachment.id)?.downloadId;
  return downloadId === undefined ? [] : [downloadId];
}

/** One job that saves all the picked files as one ZIP; its `attachment` stands for the ZIP file. */
function zipJob(
  task: TaskRef,
  title: string,
  picked: readonly Attachment[],
  batchId: string,
  now: number,
): DownloadJob {
  const plan = planZip(task, title, trackerOf(task.tracker).label, picked);
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
