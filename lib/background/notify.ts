import browser from 'webextension-polyfill';
import { tCount } from '../i18n/plural';
import { t } from '../i18n/t';
import { jobsOfTask } from '../jobs/store';
import { loadConnectedPageHosts } from '../settings/store';
import { parseTaskUrl, sameTask } from '../trackers/pages';
import { type TaskRef, trackerOf } from '../trackers/registry';
import type { FinishedBatch } from '../uploads/runner';

const prefix = 'uploads:';

/**
 * A notification's id names its batch and the batch's task, so a click reads that task's jobs, never every upload
 * job ever stored. A batch id is a UUID (no colon); the task key, which has colons, comes last.
 */
function notificationId({ batchId, taskKey }: FinishedBatch): string {
  return `${prefix}${batchId}:${taskKey}`;
}

function batchOfNotification(id: string): FinishedBatch | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  const colon = rest.indexOf(':');
  return colon > 0 ? { batchId: rest.slice(0, colon), taskKey: rest.slice(colon + 1) } : undefined;
}

async function jobsOfBatch({ batchId, taskKey }: FinishedBatch) {
  return (await jobsOfTask('uploads', taskKey)).filter((job) => job.batchId === batchId);
}

/** A browser notification when a batch is through: how many files made it, and where. */
export async function announceBatch(batch: FinishedBatch): Promise<void> {
  const jobs = await jobsOfBatch(batch);
  const first = jobs[0];
  if (!first) return;
  const where = `${trackerOf(first.task.tracker).label} ${first.task.id}`;
  const done = jobs.filter((job) => job.state === 'done').length;
  const failed = jobs.filter((job) => job.state === 'failed').length;
  if (done === 0 && failed === 0) return;
  await browser.notifications.create(notificationId(batch), {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notifyTitle'),
    message:
      failed === 0
        ? tCount('notifyBatchDone', done, where)
        : t('notifyBatchFailed', String(failed), String(done + failed), where),
  });
}

/**
 * The tab that shows the task, brought to the front, else the task in a new tab. Tabs are told by the task their
 * whole address shows: a `tabs.query` URL pattern ignores the fragment, where Pyrus keeps the task (`/t#id1001`).
 */
async function showTask(task: TaskRef, pageUrl: string): Promise<void> {
  const accountHosts = await loadConnectedPageHosts();
  const open = (await browser.tabs.query({})).find((tab) => {
    const shown = tab.url ? parseTaskUrl(tab.url, accountHosts) : undefined;
    return shown !== undefined && sameTask(shown, task, accountHosts);
  });
  const tab =
    open?.id === undefined
      ? await browser.tabs.create({ url: pageUrl })
      : await browser.tabs.update(open.id, { active: true });
  // Activating a tab leaves its window behind others; Firefox for Android has no windows.
  if (tab.windowId !== undefined) await browser.windows?.update(tab.windowId, { focused: true });
}

/** Clicking the notification brings back the task the files went to. */
export function openTaskOnNotificationClick(): void {
  browser.notifications.onClicked.addListener((id) => {
    const batch = batchOfNotification(id);
    if (!batch) return;
    void jobsOfBatch(batch).then(async (jobs) => {
      const job = jobs.find((candidate) => candidate.pageUrl);
      if (!job?.pageUrl) return;
      await showTask(job.task, job.pageUrl);
      await browser.notifications.clear(id);
    });
  });
}
