import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleMenuClick, type MenuClickDeps, menuItemId, parseMenuItemId } from '../../lib/context-menu/click';
import { type TaskChoice, taskMenu } from '../../lib/context-menu/menu-model';
import { withVisit } from '../../lib/context-menu/recent-tasks';
import { resourceName } from '../../lib/context-menu/resource-name';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import { taskKey } from '../../lib/trackers/task-key';
import type { BatchPlan } from '../../lib/uploads/intake';

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
    expect(taskUrlFromInput(' https://acme.worksection.com/project/11/101/ ', 'pyrus')).toBe(
      'https://acme.worksection.com/project/11/101/',
    );
    expect(taskUrlFromInput('1001', 'pyrus')).toBe('https://pyrus.com/t#id1001');
    expect(taskUrlFromInput('TEST-1', 'yandex-tracker')).toBe('https://tracker.yandex.ru/TEST-1');
    expect(taskUrlFromInput('501', 'planfix')).toBeUndefined();
    expect(taskUrlFromInput('https://example.com/', 'pyrus')).toBeUndefined();
  });
});

describe('menu click handler', () => {
  let server: Server;
  let origin = '';
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '5000' });
        res.end(Buffer.alloc(5000));
        return;
      }
      res.writeHead(200, {
        'content-type': 'image/png',
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent('схема.png')}`,
      });
      res.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function harness(limit = 1024 * 1024) {
    const queued: { plan: BatchPlan; files: Blob[] }[] = [];
    const notices: string[] = [];
    const asked: unknown[] = [];
    const deps: MenuClickDeps = {
      taskFor: async (key) => [pyrusTask, ytTask].find((choice) => taskKey(choice.task) === key),
      limitFor: async () => limit,
      pageFetcher: async () => ({ error: 'page fetch not expected here' }),
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
    return { deps, queued, notices, asked };
  }

  const tab = { id: 7, windowId: 1, url: 'https://news.example.org/post', title: 'A post' };

  it('queues an image from another site under its Content-Disposition name', async () => {
    const { deps, queued, notices } = harness();
    const info = {
      menuItemId: menuItemId('media', taskKey(pyrusTask.task)),
      srcUrl: `${origin}/img`,
      mediaType: 'image',
      pageUrl: tab.url,
    };
    await handleMenuClick(info, tab, deps);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.plan.files).toEqual([{ name: 'схема.png', size: png.length, type: 'image/png' }]);
    expect(Buffer.from(await (queued[0]?.files[0] ?? new Blob()).arrayBuffer()).equals(png)).toBe(true);
    expect(queued[0]?.plan.task).toEqual(pyrusTask.task);
    expect(notices).toEqual(['схема.png is queued for Pyrus 1001.']);
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
      { menuItemId: menuItemId('media', taskKey(pyrusTask.task)), linkUrl: `${origin}/big.bin` },
      tab,
      deps,
    );
    expect(queued).toHaveLength(0);
    expect(notices[0]).toMatch(/^big\.bin could not be attached: The file is over the tracker limit of/);
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
    await handleMenuClick({ menuItemId: menuItemId('media', 'other'), srcUrl: `${origin}/img` }, tab, deps);
    expect(queued).toHaveLength(0);
    expect(asked).toEqual([expect.objectContaining({ action: 'media', url: `${origin}/img`, tabId: 7 })]);
  });

  it('ignores clicks on items that are not ours', async () => {
    const { deps, queued, notices } = harness();
    await handleMenuClick({ menuItemId: 'page-root' }, tab, deps);
    expect([queued, notices]).toEqual([[], []]);
  });
});
