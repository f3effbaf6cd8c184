import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import type { CopyOutcome } from '../messages/copy-outcome';
import { loadConnectedPageHosts } from '../settings/store';
import type { CustomPageHosts } from '../trackers/pages';
import { parseTaskUrl, sameTask } from '../trackers/pages';
import { type TaskRef, trackerOf } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { copyComment } from '../uploads/copy-comment';
import { copyJobsFor } from '../uploads/copy-intake';
import { dropPendingCopy, loadPendingCopy, savePendingCopy } from '../uploads/copy-pending';
import { planCopy } from '../uploads/copy-plan';
import { requireRoomFor } from '../uploads/quota';
import { storeJobs } from '../uploads/store';
import { apiForTask } from './apis';
import { kickUploads } from './uploads';

/** The tab's address when it shows this very task (after SPA navigation a message may carry an older one). */
function pageOf(task: TaskRef, url: string | undefined, customHosts: CustomPageHosts): string | undefined {
  const shown = url ? parseTaskUrl(url, customHosts) : undefined;
  return shown && taskKey(shown) === taskKey(task) ? url : undefined;
}

/** "Copy to task…" in a toolbar: what was picked waits in session storage while the task picker names the target. */
export async function beginCopy(source: TaskRef, which: 'all' | string[], tabUrl: string | undefined): Promise<void> {
  // Refuses a task of another account, or a tracker not connected, before the picker opens.
  await apiForTask(source);
  const id = crypto.randomUUID();
  const sourceUrl = pageOf(source, tabUrl, await loadConnectedPageHosts());
  await savePendingCopy({ id, source, which, sourceUrl, createdAt: Date.now() });
  await browser.tabs.create({ url: browser.runtime.getURL(`/pick-task.html?copy=${encodeURIComponent(id)}`) });
}

/** Copies under way in this worker, so a second click on the picker does not queue the files twice. */
const copying = new Set<string>();

/**
 * The picker named the target: both tasks are read with their own trackers' keys (the source's list is asked again,
 * not taken from the page), every file is checked against the target (size limit, names it refuses) before
 * anything is queued, and the files go into the upload queue as copy jobs whose bytes the runner fetches from the
 * source (docs/queues.md).
 */
export async function copyPendingTo(copyId: string, taskUrl: string): Promise<CopyOutcome> {
  if (copying.has(copyId)) throw new AppError('conflict', { detail: 'already copying' });
  copying.add(copyId);
  try {
    const pending = await loadPendingCopy(copyId);
    if (!pending) throw new AppError('not-found', { detail: 'nothing pending' });
    const accountHosts = await loadConnectedPageHosts();
    const target = parseTaskUrl(taskUrl, accountHosts);
    if (!target) throw new AppError('not-found', { detail: 'not a task page address' });
    if (sameTask(target, pending.source, accountHosts)) throw new AppError('conflict', { detail: 'same task' });
    const targetTracker = trackerOf(target.tracker);
    const [sourceApi, targetApi] = await Promise.all([apiForTask(pending.source), apiForTask(target)]);
    // The target is asked too: a task that is not there (a mistyped number) is told now, not by every file later.
    const [list] = await Promise.all([sourceApi.listAttachments(pending.source), targetApi.listAttachments(target)]);
    const wanted = pending.which === 'all' ? undefined : new Set(pending.which);
    const picked = wanted ? list.attachments.filter((attachment) => wanted.has(attachment.id)) : list.attachments;
    if (picked.length === 0) throw new AppError('not-found', { detail: 'no files' });
    const outcome = {
      missing: wanted ? wanted.size - picked.length : 0,
      target: `${targetTracker.label} ${target.id}`,
    };
    const { files, refused } = planCopy(picked, targetTracker.capabilities.maxFileSize);
    if (refused.length > 0) return { ...outcome, queued: 0, refused };
    await requireRoomFor(
      files.reduce((total, file) => total + file.attachment.size, 0),
      navigator.storage,
    );
    const comment = targetTracker.capabilities.attachesThroughComment
      ? copyComment({
          trackerLabel: trackerOf(pending.source.tracker).label,
          taskId: pending.source.id,
          title: list.title,
          url: pending.sourceUrl,
        })
      : undefined;
    const batch = { batchId: crypto.randomUUID(), source: pending.source, target, targetUrl: taskUrl, files, comment };
    // A copy's jobs go in one transaction: the whole batch or none of it.
    await storeJobs(copyJobsFor(batch));
    await dropPendingCopy(copyId);
    // Stored is queued (a later kick picks it up): a failed kick must not tell the picker the copy failed, or a
    // retry would copy the files twice.
    await kickUploads().catch((error: unknown) => console.error('TrackerDrop: starting uploads failed', error));
    return { ...outcome, queued: files.length, refused: [] };
  } finally {
    copying.delete(copyId);
  }
}
