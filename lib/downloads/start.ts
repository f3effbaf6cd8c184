import { type DownloadJob, isActive } from '../jobs/records';
import { jobsOfTask } from '../jobs/store';
import type { DownloadsStarted } from '../messages/downloads-started';
import { loadPreferences, type Preferences } from '../settings/preferences';
import { type TaskRef, trackerOf } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import type { Attachment, TaskAttachments } from '../trackers/types';
import { savedUnchanged } from './ledger-entry';
import { planDownloads } from './plan';
import { planZip } from './plan-zip';
import type { DownloadQueue, DownloadQueueDeps } from './queue';
import { downloadSession, sameDownloadIn, stillOnDisk } from './still-on-disk';
import { ledgerOfTask } from './store';

/**
 * Queues the task's files for saving. The list comes from the tracker again here, never from the page: a page
 * only names which of the task's own files it wants. Files already in the folder, unchanged, are left there
 * (unless the user prefers otherwise), and so are files already on their way (a double-click, the shortcut twice,
 * Download selected while Download all runs): the answer counts each.
 */
export async function startDownloads(
  task: TaskRef,
  which: 'all' | 'new' | readonly string[],
  asZip: boolean | undefined,
  { clientFor, queue }: Pick<DownloadQueueDeps, 'clientFor'> & { queue: Pick<DownloadQueue, 'enqueue'> },
): Promise<DownloadsStarted> {
  const [listing, preferences] = await Promise.all([
    clientFor(task).then((client) => client.listAttachments(task)),
    loadPreferences(),
  ]);
  // The tracker is asked while an earlier request of the task is still being queued; what is under way is read
  // only once that one's jobs are stored.
  return inTurn(taskKey(task), () => queueMissing(task, which, asZip, listing, preferences, queue));
}

/** Per task, the request being queued now: the next one waits for it, so that it sees that one's jobs. */
const queuing = new Map<string, Promise<void>>();

function inTurn<T>(key: string, run: () => Promise<T>): Promise<T> {
  const result = (queuing.get(key) ?? Promise.resolve()).then(run);
  const done = result.then(
    () => undefined,
    () => undefined,
  );
  queuing.set(key, done);
  void done.then(() => {
    if (queuing.get(key) === done) queuing.delete(key);
  });
  return result;
}

async function queueMissing(
  task: TaskRef,
  which: 'all' | 'new' | readonly string[],
  asZip: boolean | undefined,
  { title, attachments }: TaskAttachments,
  { pathPattern, zipByDefault, existingFiles }: Preferences,
  queue: Pick<DownloadQueue, 'enqueue'>,
): Promise<DownloadsStarted> {
  const key = taskKey(task);
  // The jobs under way before the ledger: a file that finishes between the two reads is in one or the other.
  const active = (await jobsOfTask('downloads', key)).filter(isActive);
  const saved = await ledgerOfTask(key);
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
    // The same ZIP already being made is not made twice; a ZIP of other files, or of files saved one by one just
    // now, is another file.
    if (active.some((job) => job.zip && sameFiles(job.zip.entries, wanted)))
      return { count: 0, skipped: 0, underWay: wanted.length };
    await queue.enqueue([zipJob(task, title ?? '', wanted, batchId, now)]);
    return { count: wanted.length, skipped: 0, underWay: 0 };
  }
  // Files of the task being saved one by one now (a ZIP of them does not count): the browser would number the second
  // copies (`a (1).pdf`) whatever the preference.
  const underWay = new Map(active.flatMap((job) => (job.zip ? [] : [[job.attachment.id, job.attachment] as const])));
  const onItsWay = (attachment: Attachment) => savedUnchanged(attachment, underWay.get(attachment.id));
  const fresh = wanted.filter((attachment) => !onItsWay(attachment));
  const session = await downloadSession();
  // The browser download that tells whether a saved file is still there. Firefox numbers downloads anew in each
  // session and finds none of an earlier one: there only an id given in this session tells anything.
  const checkedBy = (attachment: Attachment): number | undefined => {
    const entry = ledger.get(attachment.id);
    return sameDownloadIn(entry?.session, session) ? entry?.downloadId : undefined;
  };
  const there =
    existingFiles === 'skip-identical'
      ? await stillOnDisk(fresh.filter(unchanged).flatMap((attachment) => checkedBy(attachment) ?? []))
      : new Set<number>();
  const alreadyThere = (attachment: Attachment): boolean => {
    // A ZIP holding the file does not put the file in the folder.
    if (existingFiles !== 'skip-identical' || !unchanged(attachment) || ledger.get(attachment.id)?.inZip) return false;
    const downloadId = checkedBy(attachment);
    // Erased from the history on purpose (its URL was a credential), or saved in another Firefox session (or before
    // sessions were recorded): the ledger is all there is to go by. A file deleted since is then not saved again,
    // which is better than a second copy as `name(1).ext` beside one still there.
    return downloadId === undefined || there.has(downloadId);
  };
  const picked = fresh.filter((attachment) => !alreadyThere(attachment));
  const conflictAction = existingFiles === 'overwrite' ? 'overwrite' : 'uniquify';
  // Paths are planned over all the task's files, so a file's path is the same whichever are picked: planned alone,
  // the second of two `report.pdf` would take the first's path, and "Overwrite" would replace the first's copy.
  const pickedIds = new Set(picked.map((attachment) => attachment.id));
  const planned = planDownloads(task, title ?? '', trackerOf(task.tracker).label, attachments, pathPattern);
  const jobs: DownloadJob[] = planned
    .filter(({ attachment }) => pickedIds.has(attachment.id))
    .map(({ attachment, path }, index) => ({
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
    }));
  await queue.enqueue(jobs);
  return { count: jobs.length, skipped: fresh.length - picked.length, underWay: wanted.length - fresh.length };
}

/** A ZIP's entries are these files, each as it is now. */
function sameFiles(entries: readonly { attachment: Attachment }[], files: readonly Attachment[]): boolean {
  const byId = new Map(entries.map(({ attachment }) => [attachment.id, attachment]));
  return byId.size === files.length && files.every((file) => savedUnchanged(file, byId.get(file.id)));
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
