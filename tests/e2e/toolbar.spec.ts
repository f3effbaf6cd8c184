import type { TrackerId } from '../../lib/trackers/registry';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { samplePage } from '../support/sample-page';
import { expectCount, expectText, toolbarOf } from '../support/shadow-ui';
import { expect, test } from './fixtures';

const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];

for (const tracker of trackers) {
  test(`${tracker}: the toolbar on a task page counts the task's attachments`, async ({
    context,
    sandbox,
    connect,
  }) => {
    await connect(tracker);
    const sample = samplePage(sandbox, tracker);
    const expected = sandbox.emulators[tracker].files(sample.containerId).length;
    expect(expected).toBeGreaterThan(0);

    const page = await context.newPage();
    await page.goto(sample.url);
    const toolbar = toolbarOf(page);
    await expectText(toolbar.getByRole('status'), new RegExp(`^${expected} attachments, `));
  });
}

test('pyrus: the toolbar follows hash navigation to another task', async ({ context, sandbox, connect }) => {
  await connect('pyrus');
  const withFiles = samplePage(sandbox, 'pyrus');
  const page = await context.newPage();
  await page.goto(withFiles.url);
  const status = toolbarOf(page).getByRole('status');
  await expectText(status, /attachments, /);
  await page.evaluate(() => {
    location.hash = '#id1002';
  });
  await expectText(status, 'No attachments in this task');
  await expect(page.locator('trackerdrop-toolbar')).toHaveCount(1);
});

test('pyrus: a page opened on the inbox and then navigated to a task lists that task', async ({
  context,
  sandbox,
  connect,
}) => {
  await connect('pyrus');
  const withFiles = samplePage(sandbox, 'pyrus');
  const page = await context.newPage();
  await page.goto('https://pyrus.com/t#inbox');
  await page.evaluate((hash) => {
    location.hash = hash;
  }, new URL(withFiles.url).hash);
  const expected = sandbox.emulators.pyrus.files(withFiles.containerId).length;
  await expectText(toolbarOf(page).getByRole('status'), new RegExp(`^${expected} attachments, `));
});

test('yandex tracker: the toolbar follows History API navigation between issues', async ({ context, connect }) => {
  await connect('yandex-tracker');
  const page = await context.newPage();
  await page.goto('https://tracker.yandex.ru/TEST-1');
  const status = toolbarOf(page).getByRole('status');
  await expectText(status, /attachments, /);
  await page
    .getByRole('link', { name: /TEST-2|Empty|Пуст/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/TEST-2$/);
  await expectText(status, 'No attachments in this task');
  await expect(page.locator('trackerdrop-toolbar')).toHaveCount(1);
});

test('a tracker that is not connected says so instead of failing silently', async ({ context, sandbox }) => {
  const sample = samplePage(sandbox, 'worksection');
  const page = await context.newPage();
  await page.goto(sample.url);
  await expectText(toolbarOf(page).getByRole('status'), /not connected yet/);
});

test('the tracker page cannot restyle the toolbar', async ({ context, sandbox, connect }) => {
  await connect('planfix');
  const sample = samplePage(sandbox, 'planfix');
  const page = await context.newPage();
  await page.goto(sample.url);
  const status = toolbarOf(page).getByRole('status');
  await expectText(status, /attachments, /);
  // The page's own CSS makes text red and 20px; inside the shadow root nothing of it applies.
  expect(await status.evaluate((element) => getComputedStyle(element).color)).not.toBe('rgb(255, 0, 0)');
});

test('content scripts cannot read the stored credentials', async ({ context, sandbox, connect, worker }) => {
  await connect('pyrus');
  const stored = await worker.evaluate(() => chrome.storage.local.get(null));
  expect(Object.keys(stored).length).toBeGreaterThan(0);

  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: world }) => worlds.push(world));
  await cdp.send('Runtime.enable');
  const sample = samplePage(sandbox, 'pyrus');
  await page.goto(sample.url);
  await expectText(toolbarOf(page).getByRole('status'), /attachments, /);

  // The content script's isolated world: the one the toolbar runs in.
  const contentScript = worlds.findLast((world) => world.auxData?.type === 'isolated' && world.name === 'TrackerDrop');
  if (!contentScript) throw new Error(`no content script world among ${worlds.map((world) => world.name).join(', ')}`);
  const { result } = await cdp.send('Runtime.evaluate', {
    contextId: contentScript.id,
    awaitPromise: true,
    expression: `chrome.storage.local.get(null).then(
      (items) => 'read ' + Object.keys(items).join(','),
      (error) => 'refused: ' + error.message,
    )`,
  });
  expect(String(result.value)).toMatch(/^refused: /);
});

test('opening a task page asks the tracker for its files once', async ({ context, sandbox, connect }) => {
  // Worksection allows one request a second: every extra list costs the user a second.
  await connect('worksection');
  const sample = samplePage(sandbox, 'worksection');
  const seq = sandbox.log.lastSeq;
  const page = await context.newPage();
  await page.goto(sample.url);
  await expectText(toolbarOf(page).getByRole('status'), /attachments, /);
  const lists = sandbox.log.since(seq).filter((entry) => /action=get_files\b/.test(entry.path));
  expect(lists).toHaveLength(1);
});

test('pyrus: Filter files narrows the list by name or by extension, and an empty filter shows every file again', async ({
  context,
  sandbox,
  connect,
}) => {
  await connect('pyrus');
  const task = pyrusSandbox.emptyTask;
  for (const name of ['report 2026.pdf', 'photo 1.jpg', 'Photo 2.JPG', 'notes.txt']) {
    sandbox.emulators.pyrus.addFile(task, name, { kind: 'bytes', bytes: Buffer.from(name) });
  }
  const page = await context.newPage();
  await page.goto(`https://pyrus.com/t#id${task}`);
  const toolbar = toolbarOf(page);
  await expectText(toolbar.getByRole('status'), /^4 attachments, /);
  const rows = toolbar.locator('ul.files').getByRole('checkbox');
  await expectCount(rows, 4);

  await toolbar.getByRole('searchbox', { name: 'Filter files' }).click();
  await page.keyboard.type('photo');
  await expectCount(rows, 2);
  expect(await toolbar.getByRole('checkbox', { name: 'Photo 2.JPG', exact: true }).count()).toBe(1);

  await page.keyboard.press('Control+A');
  await page.keyboard.type('*.pdf');
  await expectCount(rows, 1);
  expect(await toolbar.getByRole('checkbox', { name: 'report 2026.pdf', exact: true }).count()).toBe(1);

  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await expectCount(rows, 4);
});

test('pyrus: a task of 2,000 files draws its rows as the list is scrolled; the filter and Download all see every file', async ({
  context,
  connect,
}) => {
  await connect('pyrus');
  const page = await context.newPage();
  await page.goto(`https://pyrus.com/t#id${pyrusSandbox.bigTask}`);
  const toolbar = toolbarOf(page);
  // Listing 2,000 files once took longer than the default 10 s when the whole file ran on a busy machine.
  await expectText(toolbar.getByRole('status'), /^2\D?000 attachments, /, { timeout: 30_000 });
  expect(await toolbar.getByRole('button', { name: /^Download all \(2\D?000\)$/ }).count()).toBe(1);
  const rows = toolbar.locator('ul.files').getByRole('checkbox');
  const first = await rows.count();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThan(2000);
  const more = toolbar.getByRole('button', { name: /^Show more files \(/ });
  await expectText(more, new RegExp(`^Show more files \\(${first} of 2\\D?000 shown\\)$`));

  await toolbar.evaluate((region) => {
    const list = region.querySelector('.toolbar__body');
    if (list) list.scrollTop = list.scrollHeight;
  }, null);
  await expect.poll(() => rows.count()).toBeGreaterThan(first);
  const scrolled = await rows.count();
  await more.click();
  await expect.poll(() => rows.count()).toBeGreaterThan(scrolled);

  // photo 1, 10-19, 100-199 and 1000-1999: the filter looks at every file, drawn or not.
  await toolbar.getByRole('searchbox', { name: 'Filter files' }).click();
  await page.keyboard.type('photo 1');
  await expectText(more, new RegExp(`^Show more files \\(${first} of 1\\D?111 shown\\)$`));
  await expectCount(rows, first);
  await page.keyboard.type('999');
  await expectCount(rows, 1);
  expect(await toolbar.getByRole('checkbox', { name: 'photo 1999.jpg', exact: true }).count()).toBe(1);
  expect(await more.count()).toBe(0);
});
