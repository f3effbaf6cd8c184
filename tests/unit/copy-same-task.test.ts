import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { beginCopy, copyPendingTo } from '../../lib/background/copy';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import { allJobs } from '../../lib/jobs/store';
import { loadConnectedPageHosts, saveTrackerSettings } from '../../lib/settings/store';
import { parseTaskUrl, sameTask } from '../../lib/trackers/pages';
import { type TaskRef, trackerOf } from '../../lib/trackers/registry';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { samplePage } from '../support/sample-page';
import { useSandbox } from '../support/use-sandbox';

/** "Copy to task…" never copies a task's files onto that task again, whichever of its account's hosts shows it. */

const sandbox = useSandbox();

beforeEach(() => {
  freshQueueWorld();
  // Node 20 has no `navigator`: without it a copy the refusal missed would stop at the quota check, not queue.
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({}) } });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('copying a Yandex Tracker issue begun on tracker.yandex.com', () => {
  it('onto the issue typed by its key (a tracker.yandex.ru address) is refused as the same task', async () => {
    const yandex = trackerOf('yandex-tracker');
    await saveTrackerSettings(yandex, { ...yandex.initial, ...sandbox().emulators['yandex-tracker'].credentials() });
    const page = samplePage(sandbox(), 'yandex-tracker');
    const onCom = page.url.replace('//tracker.yandex.ru/', '//tracker.yandex.com/');
    const source = parseTaskUrl(onCom);
    if (!source) throw new Error(`not a task page: ${onCom}`);
    const filesBefore = sandbox().emulators['yandex-tracker'].files(page.containerId).length;

    await beginCopy(source, 'all', onCom);
    const picker = (await fakeBrowser.tabs.query({})).find((tab) => tab.url?.includes('/pick-task.html'));
    const copyId = new URL(picker?.url ?? 'about:blank').searchParams.get('copy');
    if (!copyId) throw new Error('no picker opened');
    // What the picker sends for the key typed with Yandex Tracker picked.
    const typed = taskUrlFromInput(source.id, yandex, await loadConnectedPageHosts());
    expect(typed).toBe(page.url);

    // The picker words this refusal as `copySameTask`.
    await expect(copyPendingTo(copyId, typed ?? '')).rejects.toMatchObject({
      kind: 'conflict',
      details: { detail: 'same task' },
    });
    expect(await allJobs('uploads')).toEqual([]);
    expect(sandbox().emulators['yandex-tracker'].files(page.containerId)).toHaveLength(filesBefore);
  });
});

describe('one task on two hosts', () => {
  const onRu: TaskRef = { tracker: 'planfix', kind: 'task', id: '501', host: 'acme.planfix.ru' };
  const onCom: TaskRef = { ...onRu, host: 'acme.planfix.com' };
  const accountHosts = () => ['acme.planfix.ru', 'acme.planfix.com'];

  it('is the same task on both hosts of the connected account, and only there', () => {
    expect(sameTask(onRu, onCom, accountHosts)).toBe(true);
    expect(sameTask(onRu, { ...onRu, host: 'other.planfix.ru' }, accountHosts)).toBe(false);
    expect(sameTask(onRu, onCom)).toBe(false);
    expect(sameTask(onRu, { ...onCom, id: '502' }, accountHosts)).toBe(false);
  });
});
