import type { BrowserContext, Frame, Page, Worker } from '@playwright/test';
import type { PendingAttach } from '../../lib/context-menu/click';
import { generatedStream } from '../sandbox/content';
import { summarizeFiles } from '../sandbox/control';
import { sha256Of, thirdPartySite } from '../sandbox/third-party-site';
import { samplePage } from '../support/sample-page';
import { expect, test } from './fixtures';

/**
 * Playwright cannot open the browser's native context menu. These tests start right after the click: the browser
 * grants `activeTab` for the page (here through the extension's action, as the menu click does), and the click
 * handler has stored what was clicked for "Other task…" (the handler itself is unit-tested with the browser's own
 * `info` and `tab` objects). From there on everything is real: the picker page, fetching with the page's session,
 * the upload queue and the tracker.
 */
async function bytesOf(seed: string, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of generatedStream(seed, size)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function grantActiveTab(context: BrowserContext, page: Page, extensionId: string): Promise<void> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser session');
  const session = await browser.newBrowserCDPSession();
  const { targetInfos } = await session.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tab = targetInfos.find((target) => target.url === page.url());
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  await session.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
  await session.detach();
}

/**
 * What the click handler leaves for "Other task…" (lib/context-menu/menus.ts): the item under an id of its own, which
 * the picker's address names. Answers that address.
 */
async function leavePending(worker: Worker, pending: PendingAttach): Promise<string> {
  const attachId = 'e2e-click';
  await worker.evaluate(({ key, value }) => chrome.storage.session.set({ [key]: value }), {
    key: `pendingAttach:${attachId}`,
    value: pending,
  });
  return `chrome-extension://${new URL(worker.url()).host}/pick-task.html?attach=${attachId}`;
}

const cases = [
  {
    what: 'a public file behind a link',
    url: `https://${thirdPartySite.host}${thirdPartySite.publicFile.path}`,
    name: thirdPartySite.publicFile.name,
    bytes: () => bytesOf(thirdPartySite.publicFile.seed, thirdPartySite.publicFile.size),
  },
  {
    what: 'an image only the page’s own session may see',
    url: `https://${thirdPartySite.host}${thirdPartySite.privateImage.path}`,
    name: thirdPartySite.privateImage.name,
    bytes: () => bytesOf(thirdPartySite.privateImage.seed, thirdPartySite.privateImage.size),
  },
  {
    what: 'an image inline as a data: URL',
    url: `data:image/png;base64,${thirdPartySite.inlinePng.toString('base64')}`,
    name: /\.png$/,
    bytes: () => Promise.resolve(thirdPartySite.inlinePng),
  },
];

for (const item of cases) {
  test(`Attach to task sends ${item.what} to the chosen task, byte-identical, once`, async ({
    context,
    sandbox,
    worker,
    connect,
  }) => {
    await connect('pyrus');
    const task = samplePage(sandbox, 'pyrus');
    const before = await summarizeFiles(sandbox, 'pyrus', task.containerId);

    const article = await context.newPage();
    await article.goto(thirdPartySite.pageUrl);
    await expect(article.getByRole('img', { name: 'Private photo' })).toBeVisible();
    const extensionId = new URL(worker.url()).host;
    await grantActiveTab(context, article, extensionId);
    await article.bringToFront();
    const tabId = await worker.evaluate(async () => {
      const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return active?.id;
    });
    const pending: PendingAttach = { action: 'media', url: item.url, pageUrl: thirdPartySite.pageUrl, tabId };
    const pickerUrl = await leavePending(worker, pending);

    const picker = await context.newPage();
    await picker.goto(pickerUrl);
    await picker.getByLabel('Task URL or number').fill(task.url);
    await picker.getByLabel('Tracker').selectOption('pyrus');
    await picker.getByRole('button', { name: 'Attach' }).click();
    await expect(picker.getByRole('status')).toHaveText('Queued. You can close this tab.');

    const expected = sha256Of(await item.bytes());
    await expect
      .poll(async () => (await summarizeFiles(sandbox, 'pyrus', task.containerId)).length, { timeout: 30_000 })
      .toBe(before.length + 1);
    const added = (await summarizeFiles(sandbox, 'pyrus', task.containerId)).filter(
      (file) => !before.some((old) => old.id === file.id),
    );
    expect(added.map((file) => file.sha256)).toEqual([expected]);
    expect(added[0]?.name).toMatch(item.name);
  });
}

test('without the page’s session the private image is refused and nothing is attached', async ({
  context,
  sandbox,
  worker,
  connect,
}) => {
  await connect('pyrus');
  const task = samplePage(sandbox, 'pyrus');
  const before = await summarizeFiles(sandbox, 'pyrus', task.containerId);
  // No tab granted to the extension: it cannot borrow the page's session.
  const pending: PendingAttach = {
    action: 'media',
    url: `https://${thirdPartySite.host}${thirdPartySite.privateImage.path}`,
    pageUrl: thirdPartySite.pageUrl,
  };
  const pickerUrl = await leavePending(worker, pending);
  const picker = await context.newPage();
  await picker.goto(pickerUrl);
  await picker.getByLabel('Task URL or number').fill(task.url);
  await picker.getByRole('button', { name: 'Attach' }).click();
  await expect(picker.getByRole('status')).toContainText('could not be fetched from the page');
  expect(await summarizeFiles(sandbox, 'pyrus', task.containerId)).toEqual(before);
});

test('Attach to task fetches a blob: image of a frame inside that frame, and says so when the click’s grant does not reach the frame', async ({
  context,
  sandbox,
  worker,
  connect,
}) => {
  await connect('pyrus');
  const task = samplePage(sandbox, 'pyrus');
  const before = await summarizeFiles(sandbox, 'pyrus', task.containerId);
  const png = thirdPartySite.inlinePng.toString('base64');
  const blobIn = (frame: Frame) =>
    frame.evaluate(
      (base64) =>
        URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' })),
      png,
    );

  const article = await context.newPage();
  await article.goto(thirdPartySite.pageUrl);
  // A frame of a tracker's page: the extension holds that host, so it may run a script there whatever the grant.
  await article.evaluate(
    (src) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.onload = () => resolve();
        frame.src = src;
        document.body.append(frame);
      }),
    task.url,
  );
  const frame = article.frames().find((candidate) => candidate !== article.mainFrame());
  if (!frame) throw new Error('no frame');
  const frameUrl = frame.url();
  await grantActiveTab(context, article, new URL(worker.url()).host);
  const { tabId, frameId } = await worker.evaluate(async (url) => {
    const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const tabId = active?.id ?? -1;
    const frames = await chrome.scripting.executeScript({
      target: { tabId, allFrames: true },
      func: () => location.href,
    });
    return { tabId, frameId: frames.find((found) => found.result === url)?.frameId ?? 0 };
  }, frameUrl);
  expect(frameId).toBeGreaterThan(0);

  const attach = async (url: string, inFrame: string) => {
    const pending: PendingAttach = {
      action: 'media',
      url,
      pageUrl: thirdPartySite.pageUrl,
      tabId,
      frameId,
      frameUrl: inFrame,
    };
    const picker = await context.newPage();
    await picker.goto(await leavePending(worker, pending));
    await picker.getByLabel('Task URL or number').fill(task.url);
    await picker.getByRole('button', { name: 'Attach' }).click();
    return picker.getByRole('status');
  };

  await expect(await attach(await blobIn(frame), frameUrl)).toHaveText('Queued. You can close this tab.');
  await expect
    .poll(async () => (await summarizeFiles(sandbox, 'pyrus', task.containerId)).length, { timeout: 30_000 })
    .toBe(before.length + 1);
  const added = (await summarizeFiles(sandbox, 'pyrus', task.containerId)).filter(
    (file) => !before.some((old) => old.id === file.id),
  );
  expect(added.map((file) => file.sha256)).toEqual([sha256Of(thirdPartySite.inlinePng)]);

  // The same frame, now on a site the extension holds no host of: activeTab reaches the top page's origin only.
  await frame.goto('https://pyrus.com.evil.test/');
  const refusal = await worker.evaluate(
    ({ tabId, frameId }) =>
      chrome.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, func: () => location.href }).then(
        () => 'ran',
        (error: Error) => error.message,
      ),
    { tabId, frameId },
  );
  // Refused for want of the host, not for a missing frame (its id stays through its navigation).
  expect(refusal).toBe(
    'Cannot access contents of the page. Extension manifest must request permission to access the respective host.',
  );
  await expect(await attach(await blobIn(frame), frame.url())).toContainText(
    'the browser does not let the extension into the frame that shows it',
  );
  expect(await summarizeFiles(sandbox, 'pyrus', task.containerId)).toHaveLength(before.length + 1);
});
