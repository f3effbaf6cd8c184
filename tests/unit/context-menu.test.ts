import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { handleMenuClick, type MenuClickDeps, menuItemId, parseMenuItemId } from '../../lib/context-menu/click';
import { type TaskChoice, taskMenu } from '../../lib/context-menu/menu-model';
import { isPublicAddress, sameSite } from '../../lib/context-menu/public-address';
import { loadRecentTasks, recordVisit, withVisit } from '../../lib/context-menu/recent-tasks';
import { resourceName } from '../../lib/context-menu/resource-name';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import { trackerOf } from '../../lib/trackers/registry';
import { taskKey } from '../../lib/trackers/task-key';
import type { BatchPlan } from '../../lib/uploads/intake';
import { thirdPartySite } from '../sandbox/third-party-site';
import { useSandbox } from '../support/use-sandbox';

const pyrusTask: TaskChoice = {
  task: { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' },
  title: 'Договор с поставщиком',
  url: 'https://pyrus.com/t#id1001',
};
const ytTask: TaskChoice = {
  task: { tracker: 'yandex-tracker', kind: 'task', id: 'TEST-1', host: 'tracker.yandex.ru' },
  title: 'Подготовить релиз',
  url: 'https://tracker.yandex.ru/TEST-1',
};

function recent(choice: TaskChoice, visitedAt: number) {
  return { ...choice, visitedAt };
}

describe('menu model', () => {
  it('lists open tasks, then recent ones newest first without repeats, then Other task…', () => {
    const items = taskMenu([pyrusTask], [recent(pyrusTask, 5), recent(ytTask, 9)]);
    expect(items.map((item) => item.kind)).toEqual(['task', 'separator', 'task', 'separator', 'other']);
    expect(items[0]).toMatchObject({ label: 'Pyrus 1001 · Договор с поставщиком' });
    expect(items[2]).toMatchObject({ id: `task:${taskKey(ytTask.task)}` });
  });

  it('offers only Other task… when nothing was opened yet', () => {
    expect(taskMenu([], [])).toEqual([{ kind: 'other', id: 'other' }]);
  });

  it('keeps at most ten recent tasks', () => {
    const many = Array.from({ length: 15 }, (_, index) =>
      recent({ ...pyrusTask, task: { ...pyrusTask.task, id: String(index) } }, index),
    );
    expect(taskMenu([], many).filter((item) => item.kind === 'task')).toHaveLength(10);
    let kept = many.slice(0, 1);
    for (const visit of many) kept = withVisit(kept, visit);
    expect(kept.map((entry) => entry.task.id)).toEqual(['14', '13', '12', '11', '10', '9', '8', '7', '6', '5']);
  });

  it('round-trips item ids', () => {
    const id = menuItemId('media', taskKey(pyrusTask.task));
    expect(parseMenuItemId(id)).toEqual({ action: 'media', target: taskKey(pyrusTask.task) });
    expect(parseMenuItemId('page-root')).toBeUndefined();
  });
});

describe('recent tasks', () => {
  it('come out of storage only as links to the task’s own page over https (the popup links to them)', async () => {
    fakeBrowser.reset();
    const good = recent(pyrusTask, 1);
    await fakeBrowser.storage.local.set({
      recentTasks: [
        good,
        { ...recent(ytTask, 2), url: 'javascript:alert(1)' },
        { ...recent(ytTask, 3), url: 'http://tracker.yandex.ru/TEST-1' },
        { ...recent(ytTask, 4), url: 'https://phish.example/TEST-1' },
        { ...recent(ytTask, 5), task: { ...ytTask.task, tracker: 'elsewhere' } },
        'junk',
      ],
    });
    expect(await loadRecentTasks()).toEqual([good]);
    await recordVisit({ ...recent(ytTask, 6), url: 'chrome-extension://abc/pick-task.html' });
    expect(await loadRecentTasks()).toEqual([good]);
  });
});

describe('resource names', () => {
  it('prefers Content-Disposition, then the URL path, then the MIME type', () => {
    expect(
      resourceName(
        'https://x.org/a/b.png',
        `attachment; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf`,
        'application/pdf',
      ),
    ).toBe('Отчёт.pdf');
    expect(resourceName('https://x.org/media/photo%20one.jpg?size=2', null, 'image/jpeg')).toBe('photo one.jpg');
    expect(resourceName('data:image/png;base64,AAAA', null, 'image/png')).toBe('file.png');
    expect(resourceName('https://x.org/download', null, 'image/webp')).toBe('download.webp');
  });

  it('makes hostile names safe', () => {
    expect(resourceName('https://x.org/a', 'attachment; filename="..\\\\..\\\\evil<>.exe"', '')).not.toMatch(/[\\/<>]/);
  });
});

describe('Other task… input', () => {
  it('takes a task page address of any tracker, or a Pyrus number / Yandex Tracker key', () => {
    expect(taskUrlFromInput(' https://acme.worksection.com/project/11/101/ ', trackerOf('pyrus'))).toBe(
      'https://acme.worksection.com/project/11/101/',
    );
    expect(taskUrlFromInput('1001', trackerOf('pyrus'))).toBe('https://pyrus.com/t#id1001');
    expect(taskUrlFromInput('TEST-1', trackerOf('yandex-tracker'))).toBe('https://tracker.yandex.ru/TEST-1');
    expect(taskUrlFromInput('501', trackerOf('planfix'))).toBeUndefined();
    expect(taskUrlFromInput('https://example.com/', trackerOf('pyrus'))).toBeUndefined();
  });
});

describe('addresses "Attach to task" may fetch', () => {
  it("refuses the user's own machine and network: loopback, private, link-local, intranet names", () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://[::1]/',
      'http://192.168.1.1/admin',
      'http://10.0.0.7/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://localhost:3000/',
      'http://router.local/',
      'http://intranet/',
      'https://wiki.corp/page',
    ]) {
      expect(isPublicAddress(new URL(url)), url).toBe(false);
    }
    for (const url of ['https://files.example.org/a.pdf', 'https://8.8.8.8/', 'https://cdn.github.io/x.png']) {
      expect(isPublicAddress(new URL(url)), url).toBe(true);
    }
  });

  it('sends cookies only to the site of the page the menu was used on', () => {
    expect(sameSite('https://img.news.example.co.uk/a.png', 'https://www.news.example.co.uk/post')).toBe(true);
    expect(sameSite('https://other.co.uk/a.png', 'https://news.example.co.uk/post')).toBe(false);
    expect(sameSite('http://news.example.org/a.png', 'https://news.example.org/post')).toBe(false);
    expect(sameSite('data:image/png;base64,AA', 'data:text/html,x')).toBe(false);
  });

  it("counts each user's site under a shared host (github.io, s3.amazonaws.com, blogspot.com) as a site of its own", () => {
    expect(sameSite('https://bob.github.io/x.pdf', 'https://alice.github.io/post')).toBe(false);
    expect(sameSite('https://bob.s3.amazonaws.com/x.pdf', 'https://alice.s3.amazonaws.com/index.html')).toBe(false);
    expect(sameSite('https://bob.blogspot.com/x.png', 'https://alice.blogspot.com/post')).toBe(false);
    expect(sameSite('https://img.alice.blogspot.com/x.png', 'https://alice.blogspot.com/post')).toBe(true);
  });
});

describe('menu click handler', () => {
  const sandbox = useSandbox();
  const site = `https://${thirdPartySite.host}`;
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  function harness(limit = 1024 * 1024) {
    const queued: { plan: BatchPlan; files: Blob[] }[] = [];
    const notices: string[] = [];
    const asked: unknown[] = [];
    const fetchedInPage: Parameters<MenuClickDeps['pageFetcher']>[] = [];
    const deps: MenuClickDeps = {
      taskFor: async (key) => [pyrusTask, ytTask].find((choice) => taskKey(choice.task) === key),
      limitFor: async () => limit,
      pageFetcher: async (...args) => {
        fetchedInPage.push(args);
        return { error: 'HTTP 403' };
      },
      captureVisibleTab: async () => `data:image/png;base64,${png.toString('base64')}`,
      enqueue: async (plan, files) => {
        queued.push({ plan, files });
      },
      askForTask: async (pending) => {
        asked.push(pending);
      },
      notify: async (message) => {
        notices.push(message);
      },
    };
    return { deps, queued, notices, asked, fetchedInPage };
  }

  const tab = { id: 7, windowId: 1, url: 'https://news.example.org/post', title: 'A post' };

  it("queues a file from another site under its Content-Disposition name, without the user's cookies", async () => {
    const { deps, queued, notices } = harness();
    const seq = sandbox().log.lastSeq;
    const { publicFile } = thirdPartySite;
    const info = {
      menuItemId: menuItemId('media', taskKey(pyrusTask.task)),
      linkUrl: `${site}${publicFile.path}`,
      pageUrl: tab.url,
    };
    await handleMenuClick(info, tab, deps);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.plan.files).toEqual([{ name: publicFile.name, size: publicFile.size, type: 'application/pdf' }]);
    expect(queued[0]?.plan.task).toEqual(pyrusTask.task);
    expect(notices).toEqual([`${publicFile.name} is queued for Pyrus 1001.`]);
    const [request] = sandbox().log.since(seq);
    expect(request?.headers.cookie).toBeUndefined();
  });

  it("fetches the page's own resources inside the page, with its session, only while it shows the clicked page", async () => {
    const { deps, fetchedInPage, notices } = harness();
    const pageUrl = thirdPartySite.pageUrl;
    const src = `${site}${thirdPartySite.privateImage.path}`;
    await handleMenuClick(
      { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), srcUrl: src, pageUrl },
      { ...tab, url: pageUrl },
      deps,
    );
    expect(fetchedInPage).toEqual([
      [
        { tabId: tab.id, pageUrl },
        { url: src, maxBytes: 1024 * 1024, credentials: 'include' },
      ],
    ]);
    expect(notices[0]).toMatch(/could not be attached/);
  });

  it("fetches the page's own resources inside the page with its session in a private window too", async () => {
    const { deps, fetchedInPage } = harness();
    const pageUrl = thirdPartySite.pageUrl;
    const src = `${site}${thirdPartySite.privateImage.path}`;
    await handleMenuClick(
      { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), srcUrl: src, pageUrl },
      { ...tab, url: pageUrl, incognito: true },
      deps,
    );
    // The page's fetch has that private window's cookies only: the normal windows' stay out all the same.
    expect(fetchedInPage).toEqual([
      [
        { tabId: tab.id, pageUrl },
        { url: src, maxBytes: 1024 * 1024, credentials: 'include' },
      ],
    ]);
  });

  it("refuses an address on the user's own machine or network without fetching it", async () => {
    const { deps, queued, notices, fetchedInPage } = harness();
    await handleMenuClick(
      { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), linkUrl: 'http://192.168.1.1/backup.tar' },
      tab,
      deps,
    );
    expect([queued, fetchedInPage]).toEqual([[], []]);
    expect(notices[0]).toContain('the address is on your own computer or network');
  });

  it('decodes a data: URL image', async () => {
    const { deps, queued } = harness();
    const srcUrl = `data:image/png;base64,${png.toString('base64')}`;
    await handleMenuClick(
      { menuItemId: menuItemId('media', taskKey(ytTask.task)), srcUrl, mediaType: 'image' },
      tab,
      deps,
    );
    expect(queued[0]?.plan.files[0]).toMatchObject({ name: 'file.png', size: png.length });
  });

  it("refuses a file over the tracker's limit before queuing, saying why", async () => {
    const { deps, queued, notices } = harness(1000);
    await handleMenuClick(
      { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), linkUrl: `${site}${thirdPartySite.publicFile.path}` },
      tab,
      deps,
    );
    expect(queued).toHaveLength(0);
    expect(notices[0]).toMatch(/could not be attached: The file is over the tracker limit of/);
  });

  it('attaches a screenshot taken at the click, and a link file with the title in the comment', async () => {
    const { deps, queued } = harness();
    await handleMenuClick({ menuItemId: menuItemId('shot', taskKey(pyrusTask.task)), pageUrl: tab.url }, tab, deps);
    await handleMenuClick({ menuItemId: menuItemId('link', taskKey(ytTask.task)), pageUrl: tab.url }, tab, deps);
    expect(queued[0]?.plan.files[0]?.name).toMatch(
      /^Screenshot news\.example\.org \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.png$/,
    );
    expect(queued[1]?.plan.files[0]?.name).toBe('A post.url');
    expect(queued[1]?.plan.comment).toBe('A post\nhttps://news.example.org/post');
    expect(await (queued[1]?.files[0] ?? new Blob()).text()).toBe(
      '[InternetShortcut]\r\nURL=https://news.example.org/post\r\n',
    );
  });

  it('hands "Other task…" to the picker page, keeping what was clicked', async () => {
    const { deps, queued, asked } = harness();
    await handleMenuClick({ menuItemId: menuItemId('media', 'other'), srcUrl: `${site}/img` }, tab, deps);
    expect(queued).toHaveLength(0);
    expect(asked).toEqual([expect.objectContaining({ action: 'media', url: `${site}/img`, tabId: 7 })]);
  });

  it('ignores clicks on items that are not ours', async () => {
    const { deps, queued, notices } = harness();
    await handleMenuClick({ menuItemId: 'page-root' }, tab, deps);
    expect([queued, notices]).toEqual([[], []]);
  });
});
