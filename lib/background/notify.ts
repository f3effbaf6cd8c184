import browser from 'webextension-polyfill';
import { t } from '../i18n/t';
import { allJobs } from '../jobs/store';
import { trackerOf } from '../trackers/registry';

const prefix = 'uploads:';

/** A browser notification when a batch is through: how many files made it, and where. */
export async function announceBatch(batchId: string): Promise<void> {
  const jobs = (await allJobs('uploads')).filter((job) => job.batchId === batchId);
  const first = jobs[0];
  if (!first) return;
  const where = `${trackerOf(first.task.tracker).label} ${first.task.id}`;
  const done = jobs.filter((job) => job.state === 'done').length;
  const failed = jobs.filter((job) => job.state === 'failed').length;
  if (done === 0 && failed === 0) return;
  await browser.notifications.create(`${prefix}${batchId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notifyTitle'),
    message:
      failed === 0
        ? t('notifyBatchDone', String(done), where)
        : t('notifyBatchFailed', String(failed), String(done + failed), where),
  });
}

/** Clicking the notification brings back the task the files went to. */
export function openTaskOnNotificationClick(): void {
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(prefix)) return;
    void allJobs('uploads').then(async (jobs) => {
      const pageUrl = jobs.find((job) => job.batchId === id.slice(prefix.length))?.pageUrl;
      if (!pageUrl) return;
      const [open] = await browser.tabs.query({ url: pageUrl.split('#')[0] });
      if (open?.id !== undefined) await browser.tabs.update(open.id, { active: true });
      else await browser.tabs.create({ url: pageUrl });
      await browser.notifications.clear(id);
    });
  });
}
