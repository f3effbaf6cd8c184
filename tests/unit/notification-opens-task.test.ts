import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tabs } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { openTaskOnNotificationClick } from '../../lib/background/notify';
import type { TaskRef } from '../../lib/trackers/registry';
import { jobsFor } from '../../lib/uploads/intake';
import { storeJobs } from '../../lib/uploads/store';
import { freshQueueWorld } from '../support/fresh-queue-world';

/** Clicking the "files attached" notification brings back the task the files went to, and nothing else. */

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };
const pageUrl = 'https://pyrus.com/t#id1001';

/** `tabs.query` as Chrome answers it: a `url` is a match pattern, matched against the address without its fragment. */
function queryAsChrome(): void {
  const query = fakeBrowser.tabs.query.bind(fakeBrowser.tabs);
  const regexOf = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`);
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async ({ url, ...rest }: Tabs.QueryQueryInfoType) => {
    const patterns = url === undefined ? [] : [url].flat().map(regexOf);
    return (await query(rest)).filter(
      (tab) => patterns.length === 0 || patterns.some((pattern) => pattern.test(tab.url?.split('#')[0] ?? '')),
    );
  });
}

async function until(holds: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 80 && !(await holds()); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** A finished one-file batch for the task, its notification shown, then clicked; resolves once the click is handled. */
async function clickNotification(): Promise<void> {
  const [job] = jobsFor({ batchId: 'A', task, files: [{ name: 'a.txt', size: 3, type: 'text/plain' }], pageUrl });
  if (!job) throw new Error('no job');
  await storeJobs([{ ...job, state: 'done' }]);
  const id = `uploads:A:${job.taskKey}`;
  await fakeBrowser.notifications.create(id, { type: 'basic', iconUrl: '', title: '', message: '' });
  openTaskOnNotificationClick();
  await fakeBrowser.notifications.onClicked.trigger(id);
  await until(async () => Object.keys(await fakeBrowser.notifications.getAll()).length === 0);
}

beforeEach(() => {
  freshQueueWorld();
  vi.restoreAllMocks();
  queryAsChrome();
});

describe('clicking the notification of a Pyrus task', () => {
  it('opens the task in a new tab when only the inbox is open, and leaves the inbox alone', async () => {
    const inbox = await fakeBrowser.tabs.create({ url: 'https://pyrus.com/t#inbox' });
    const activate = vi.spyOn(fakeBrowser.tabs, 'update');
    await clickNotification();
    expect(activate).not.toHaveBeenCalled();
    expect((await fakeBrowser.tabs.query({})).flatMap((tab) => (tab.url ? [tab.url] : []))).toEqual([
      inbox.url,
      pageUrl,
    ]);
  });

  it("activates the tab that shows the task, and focuses that tab's window", async () => {
    await fakeBrowser.tabs.create({ url: 'https://pyrus.com/t#inbox' });
    const window = await fakeBrowser.windows.create();
    const shown = await fakeBrowser.tabs.create({ url: 'https://pyrus.com/t#id1001/c3', windowId: window.id });
    const activate = vi.spyOn(fakeBrowser.tabs, 'update');
    const focus = vi.spyOn(fakeBrowser.windows, 'update');
    await clickNotification();
    expect(activate.mock.calls).toEqual([[shown.id, { active: true }]]);
    expect(focus.mock.calls).toEqual([[window.id, { focused: true }]]);
    expect(await fakeBrowser.tabs.query({})).toHaveLength(3);
  });
});
