import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handlers, type Services } from '../../lib/background/handlers';
import { fetchResource } from '../../lib/context-menu/fetch-resource';
import { loadRecentTasks } from '../../lib/context-menu/recent-tasks';
import { openTasks } from '../../lib/context-menu/task-choices';
import { saveTrackerSettings } from '../../lib/settings/store';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { trackerOf } from '../../lib/trackers/registry';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { samplePage } from '../support/sample-page';
import { useSandbox } from '../support/use-sandbox';

/** The tasks the context menu offers; a private window leaves no trace in the extension and gets nothing of the normal windows' sessions. */

const sandbox = useSandbox();

beforeEach(() => {
  freshQueueWorld();
  // Listing a task also asks the browser whether saved files are still there.
  vi.spyOn(fakeBrowser.downloads, 'search').mockResolvedValue([]);
});

describe('a task page of a private window', () => {
  it('is not kept among the recent tasks, as one of a normal window is', async () => {
    const pyrus = trackerOf('pyrus');
    await saveTrackerSettings(pyrus, { ...pyrus.initial, ...sandbox().emulators.pyrus.credentials() });
    const page = samplePage(sandbox(), 'pyrus');
    const task = parseTaskUrl(page.url);
    if (!task) throw new Error('no sample task');
    const background = handlers({} as Services);
    await background.listAttachments({ task }, { tab: { id: 1, url: page.url, incognito: true } } as never);
    expect(await loadRecentTasks()).toEqual([]);
    await background.listAttachments({ task }, { tab: { id: 2, url: page.url } } as never);
    expect((await loadRecentTasks()).map((recent) => recent.url)).toEqual([page.url]);
  });

  it('is not offered in the context menu, which every window shows', async () => {
    const url = samplePage(sandbox(), 'pyrus').url;
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, url, title: 'private', incognito: true },
      { id: 2, url, title: 'normal', incognito: false },
    ] as never);
    expect((await openTasks()).map((choice) => choice.title)).toEqual(['normal']);
  });
});

describe('the context menu', () => {
  it('offers an open task of a connected on-premise server, whose host is none of the built-in ones', async () => {
    const pyrus = trackerOf('pyrus');
    const server = `https://${pyrusSandbox.onPremHost}`;
    await saveTrackerSettings(pyrus, { ...pyrus.initial, ...sandbox().emulators.pyrus.credentials(), server });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, url: `${server}/t#id${pyrusSandbox.mainTask}`, title: 'on-premise', incognito: false },
    ] as never);
    expect((await openTasks()).map((choice) => [choice.title, choice.task.host])).toEqual([
      ['on-premise', pyrusSandbox.onPremHost],
    ]);
  });
});

describe('Attach to task in a private window', () => {
  it("fetches a link of the page's own site without the normal windows' cookies", async () => {
    const requests: RequestCredentials[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init?: RequestInit) => {
      requests.push(init?.credentials ?? 'same-origin');
      return realFetch(input, init);
    });
    // Of the page's site but not its origin: fetched by the extension itself, with cookies in a normal window.
    const source = { url: 'https://files.pyrus.com/logo.png', pageUrl: 'https://pyrus.com/t', incognito: true };
    await fetchResource(source, 'pyrus', 1 << 20, async () => ({ error: 'HTTP 403' })).catch(() => undefined);
    vi.unstubAllGlobals();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests).not.toContain('include');
  });
});
