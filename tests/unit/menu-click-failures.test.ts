import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { apiForTask } from '../../lib/background/apis';
import { attachPending, handleMenuClick, type MenuClickDeps, menuItemId } from '../../lib/context-menu/click';
import type { TaskChoice } from '../../lib/context-menu/menu-model';
import { AppError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { taskKey } from '../../lib/trackers/task-key';
import { recordingMenuDeps } from '../support/menu-click-deps';

/** Whatever the browser refuses along a menu click, the user is told what could not be attached, and why. */

const pyrusTask: TaskChoice = {
  task: { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' },
  title: 'Договор',
  url: 'https://pyrus.com/t#id1001',
};
const pageUrl = 'https://news.example.org/post';
const localPage = 'file:///home/u/report.html';

let notices: string[];
let queued: number;

function deps(over: Partial<MenuClickDeps> = {}): MenuClickDeps {
  return recordingMenuDeps(pyrusTask, () => queued++, notices, over);
}

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  fakeBrowser.reset();
  notices = [];
  queued = 0;
});

describe('a screenshot', () => {
  it('the browser refuses (a file:// page without access, the capture rate limit) is told', async () => {
    const refusal = 'Cannot access contents of url "file:///home/u/report.html".';
    const askForTask = vi.fn(async () => undefined);
    const clicked = deps({ captureVisibleTab: () => Promise.reject(new Error(refusal)), askForTask });
    const tab = { id: 3, windowId: 1, url: localPage };
    await handleMenuClick({ menuItemId: menuItemId('shot', 'other'), pageUrl: localPage }, tab, clicked);
    await handleMenuClick({ menuItemId: menuItemId('shot', taskKey(pyrusTask.task)) }, tab, clicked);
    const notice = t('menuFailed', localPage, t('menuNoScreenshot', refusal));
    expect(notices).toEqual([notice, notice]);
    expect([askForTask.mock.calls.length, queued]).toEqual([0, 0]);
  });

  it('too large to keep in session storage until a task is picked is told, and no picker opens', async () => {
    const quota = 'Session storage quota bytes exceeded. Values were not stored.';
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error(quota));
    const clicked = deps({ captureVisibleTab: async () => `data:image/png;base64,${'A'.repeat(64)}` });
    await handleMenuClick({ menuItemId: menuItemId('shot', 'other'), pageUrl }, { id: 3, url: pageUrl }, clicked);
    expect(notices).toEqual([t('menuFailed', pageUrl, t('menuNotKept', quota))]);
    expect(await fakeBrowser.tabs.query({})).toHaveLength(1);
  });
});

describe('a notification the browser refuses', () => {
  it('after the file is queued does not report a failure, so the picker does not keep it for a second try', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const refusing = deps({ notify: () => Promise.reject(new Error('Notifications are disabled.')) });
    const failure = await attachPending({ action: 'link', pageUrl, pageTitle: 'Post' }, pyrusTask, refusing);
    expect([failure, queued]).toEqual([undefined, 1]);
  });

  it('about a failure still returns the failure, for the picker page to show', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const refusing = deps({ notify: () => Promise.reject(new Error('Notifications are disabled.')) });
    const failure = await attachPending({ action: 'media', pageUrl }, pyrusTask, refusing);
    expect([failure?.kind, queued]).toEqual(['source', 0]);
  });
});

describe('Other task…', () => {
  it('whose picker tab cannot be opened is told, and leaves nothing in session storage', async () => {
    vi.spyOn(fakeBrowser.tabs, 'create').mockRejectedValue(new Error('Tabs cannot be edited right now.'));
    await handleMenuClick({ menuItemId: menuItemId('link', 'other'), pageUrl }, { id: 3, url: pageUrl }, deps());
    expect(notices).toEqual([t('menuFailed', pageUrl, t('menuNotKept', 'Tabs cannot be edited right now.'))]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe("fetching inside the clicked page (the page's own image)", () => {
  const srcUrl = 'https://news.example.org/photo.png';
  const couldNotFetch = (reason: string) => t('menuFailed', srcUrl, t('errorSource', reason));

  it('when the tab was closed since the click, says so', async () => {
    vi.spyOn(fakeBrowser.tabs, 'get').mockRejectedValue(new Error('No tab with id: 3.'));
    const info = { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), srcUrl, pageUrl };
    await handleMenuClick(info, { id: 3, url: pageUrl }, deps());
    expect(notices).toEqual([couldNotFetch(t('menuTabClosed'))]);
  });

  it('when the browser will not run the fetch there, gives its reason', async () => {
    const tab = await fakeBrowser.tabs.create({ url: pageUrl });
    const refusal = 'Cannot access contents of the page. Extension manifest must request permission.';
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error(refusal));
    const info = { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), srcUrl, pageUrl };
    await handleMenuClick(info, { id: tab.id, url: pageUrl }, deps());
    expect(notices).toEqual([couldNotFetch(refusal)]);
    expect(queued).toBe(0);
  });
});

describe('a long address that cannot be attached', () => {
  const notConnected = () =>
    deps({
      limitFor: async (task) => {
        await apiForTask(task);
        return 1 << 20;
      },
    });
  const reason = () => errorText(new AppError('not-configured', { tracker: 'pyrus' }).toJSON());

  it('of a data: image is named by the file it would be, not by its address, so the notice shows why', async () => {
    const srcUrl = `data:image/png;base64,${'A'.repeat(100 * 1024)}`;
    const info = { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), srcUrl, pageUrl };
    await handleMenuClick(info, { id: 3, url: pageUrl }, notConnected());
    expect(notices).toEqual([t('menuFailed', 'file.png', reason())]);
    expect(notices[0]?.length).toBeLessThan(300);
  });

  it('of a link is cut to its first 80 characters', async () => {
    const linkUrl = `${pageUrl}/${'a'.repeat(2000)}`;
    const info = { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), linkUrl, pageUrl };
    await handleMenuClick(info, { id: 3, url: pageUrl }, notConnected());
    expect(notices).toEqual([t('menuFailed', `${linkUrl.slice(0, 79)}…`, reason())]);
  });
});

describe('a file that takes long to fetch', () => {
  it('keeps the worker awake (an API call every 25 s) until it is queued, and no longer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const nudges = vi
        .spyOn(fakeBrowser.runtime, 'getPlatformInfo')
        .mockResolvedValue({ os: 'linux', arch: 'x86-64' });
      const png = { dataUrl: 'data:image/png;base64,iVBORw0KGgo=', disposition: null, type: 'image/png' };
      const slow = deps({ pageFetcher: () => new Promise((resolve) => setTimeout(() => resolve(png), 70_000)) });
      const pending = { action: 'media' as const, url: 'blob:https://news.example.org/1', pageUrl, tabId: 3 };
      const outcome = attachPending(pending, pyrusTask, slow);
      await vi.advanceTimersByTimeAsync(70_000);
      expect([await outcome, queued, nudges.mock.calls.length]).toEqual([undefined, 1, 2]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(nudges).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
