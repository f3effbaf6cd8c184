import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from '@playwright/test';
import { settingsKey } from '../../lib/settings/keys';
import type { TrackerId } from '../../lib/trackers/registry';
import type { Sandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, stopServiceWorker, storeSettings } from '../support/chromium';
import { type LocalFile, writeTestFiles } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { expectCount, expectText, toolbarOf } from '../support/shadow-ui';
import {
  bodiesArrived,
  copiesIn,
  onceEach,
  readUploadStates,
  routes,
  smallFiles,
} from '../support/uploads-on-the-wire';
import { expect, test } from './fixtures';

const trackers = Object.keys(routes) as TrackerId[];
const largeBytes = Number(process.env.TRACKERDROP_LARGE_UPLOAD_MB ?? 64) * 1024 * 1024;

let scratch = '';
test.beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'trackerdrop-attach-'));
});
test.afterEach(() => rmSync(scratch, { recursive: true, force: true }));

async function openToolbar(page: Page, url: string) {
  await page.goto(url);
  const toolbar = toolbarOf(page);
  await expectText(toolbar.getByRole('status'), /attachments/);
  return toolbar;
}

async function pick(page: Page, files: readonly LocalFile[]): Promise<void> {
  const toolbar = toolbarOf(page);
  await toolbar.locator('input[type=file]').setInputFiles(files.map((file) => file.path));
  await expectText(toolbar.getByRole('alert'), `Files queued for the task: ${files.length}.`);
}

async function expectAllAttached(page: Page, count: number, timeout = 120_000): Promise<void> {
  const list = toolbarOf(page).getByRole('list', { name: 'Attach files' });
  await expectCount(list.getByRole('listitem').filter({ hasText: 'attached' }), count, { timeout });
}

/** Each local file is in the task exactly once, with the same bytes. */
async function expectEachOnce(sandbox: Sandbox, tracker: TrackerId, container: string, files: readonly LocalFile[]) {
  expect(await copiesIn(sandbox, tracker, container, files)).toEqual(onceEach(files));
}

for (const tracker of trackers) {
  test.describe(`${tracker} bulk attach`, () => {
    test('20 picked files, a large one among them, are each attached exactly once, byte-identical', async ({
      context,
      sandbox,
      connect,
    }) => {
      test.setTimeout(240_000);
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const files = await writeTestFiles(scratch, [
        ...smallFiles('batch', 19),
        { name: 'batch large.bin', size: largeBytes },
      ]);
      const page = await context.newPage();
      await openToolbar(page, url);
      await pick(page, files);
      await expectAllAttached(page, files.length, 200_000);
      await expectEachOnce(sandbox, tracker, containerId, files);
    });

    test('500, 429 and a cut connection on upload and attach still attach each file once', async ({
      context,
      sandbox,
      connect,
    }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const files = await writeTestFiles(scratch, smallFiles('faults', 4));
      const { upload, attach } = routes[tracker];
      sandbox.faults.add({ ...upload, status: 500 });
      sandbox.faults.add({ ...upload, status: 429, retryAfter: 1 });
      // Where one request uploads and attaches, an answer lost with no byte of it makes Chromium re-send the whole
      // request on its own (it takes the drop for a closed idle connection): no client can tell, so the tracker gets
      // the file twice. Those trackers are tested with an answer lost after its first line, which the browser reports.
      sandbox.faults.add({ ...upload, cut: attach ? 'response' : 'response-head' });
      if (attach) {
        sandbox.faults.add({ ...attach, cut: 'response' });
        sandbox.faults.add({ ...attach, status: 500 });
      }
      const page = await context.newPage();
      await openToolbar(page, url);
      await pick(page, files);
      await expectAllAttached(page, files.length, 90_000);
      await expectEachOnce(sandbox, tracker, containerId, files);
    });
  });
}

test('the worker stopped during a batch, and a browser restart with files queued: each file attached once', async ({
  sandbox,
}) => {
  test.setTimeout(240_000);
  sandbox.reset();
  const tracker: TrackerId = 'pyrus';
  const { url, containerId } = samplePage(sandbox, tracker);
  const files = await writeTestFiles(scratch, [
    ...smallFiles('restart', 5),
    { name: 'restart large.bin', size: 120 * 1024 * 1024 },
  ]);

  const first = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules() });
  const worker = await extensionWorker(first.context);
  await storeSettings(worker, settingsKey(tracker), sandbox.emulators[tracker].credentials());
  let page = await first.context.newPage();
  await openToolbar(page, url);
  // The answer to the large upload is lost, so that job is left midway when the browser goes.
  sandbox.faults.add({ ...routes[tracker].upload, cut: 'response', times: 1 });
  await pick(page, files);
  for (let stop = 0; stop < 3; stop++) {
    await stopServiceWorker(first.context, page);
    await page.waitForTimeout(300);
  }
  await first.context.close();

  const second = await launchWithExtension({
    hostResolverRules: sandbox.hostResolverRules(),
    userDataDir: first.userDataDir,
  });
  try {
    page = await second.context.newPage();
    await openToolbar(page, url);
    await expectAllAttached(page, files.length, 180_000);
    await expectEachOnce(sandbox, tracker, containerId, files);
  } finally {
    await second.context.close();
  }
});

/** The states of every upload job, read from the extension's IndexedDB in its worker. */
function uploadStates(worker: Worker): Promise<string[]> {
  return worker.evaluate(readUploadStates);
}

for (const tracker of trackers) {
  test(`${tracker}: the browser closed while the tracker still handles an upload, restarted with no task page: each file attached once`, async ({
    sandbox,
  }) => {
    test.setTimeout(180_000);
    sandbox.reset();
    const { url, containerId } = samplePage(sandbox, tracker);
    const files = await writeTestFiles(scratch, [
      { name: 'closed midway one.bin', size: 2_000_000 },
      { name: 'closed midway two.bin', size: 2_100_000 },
    ]);
    const route = routes[tracker].upload;
    const first = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules() });
    await storeSettings(
      await extensionWorker(first.context),
      settingsKey(tracker),
      sandbox.emulators[tracker].credentials(),
    );
    const page = await first.context.newPage();
    await openToolbar(page, url);
    const seq = sandbox.log.lastSeq;
    // A slow tracker: it takes the whole upload, and handles it only after the browser is gone.
    sandbox.faults.add({ ...route, holdMs: 8_000 });
    await pick(page, files);
    await expect
      .poll(() => bodiesArrived(sandbox, route, seq, 2_000_000).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await first.context.close();

    const second = await launchWithExtension({
      hostResolverRules: sandbox.hostResolverRules(),
      userDataDir: first.userDataDir,
    });
    try {
      const worker = await extensionWorker(second.context);
      await expect.poll(() => uploadStates(worker), { timeout: 150_000, intervals: [1000] }).toEqual(['done', 'done']);
      await expectEachOnce(sandbox, tracker, containerId, files);
    } finally {
      await second.context.close();
    }
  });
}

test('PlanFix: an upload cancelled once the tracker has its whole body, which it attaches, ends attached, once', async ({
  context,
  sandbox,
  connect,
}) => {
  test.setTimeout(120_000);
  const tracker: TrackerId = 'planfix';
  await connect(tracker);
  const { url, containerId } = samplePage(sandbox, tracker);
  const files = await writeTestFiles(scratch, [{ name: 'cancelled late.bin', size: 1_000_000 }]);
  const route = routes[tracker].upload;
  const seq = sandbox.log.lastSeq;
  // PlanFix takes the whole upload and attaches it a few seconds later, whatever happens to the connection.
  sandbox.faults.add({ ...route, holdMs: 5_000 });
  const page = await context.newPage();
  const toolbar = await openToolbar(page, url);
  await pick(page, files);
  await expect.poll(() => bodiesArrived(sandbox, route, seq, 1_000_000).length, { timeout: 30_000 }).toBe(1);
  await toolbar.getByRole('button', { name: 'Cancel: cancelled late.bin' }).click();
  // Until then the row says what is going on, and is not offered for cancelling again.
  const row = toolbar.locator('li.file').filter({ hasText: 'cancelled late.bin' });
  await expectText(row.locator('.file__state'), 'cancelling: asking the tracker whether it already has the file');
  await expectCount(row.getByRole('button', { name: /^Cancel/ }), 0);
  // Asked after the grace: it is on the task, so the row says attached, not cancelled.
  await expectAllAttached(page, 1, 90_000);
  await expectEachOnce(sandbox, tracker, containerId, files);
});

test('after an attach and SPA navigation to another issue, picked files go to that issue', async ({
  context,
  sandbox,
  connect,
}) => {
  await connect('yandex-tracker');
  const { url, containerId } = samplePage(sandbox, 'yandex-tracker');
  const [first, second] = await writeTestFiles(scratch, smallFiles('navigation', 2));
  if (!first || !second) throw new Error('no test files');
  const page = await context.newPage();
  await openToolbar(page, url);
  await pick(page, [first]);
  await expectAllAttached(page, 1);

  await page
    .getByRole('link', { name: /TEST-2|Empty|Пуст/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/TEST-2$/);
  await expectText(toolbarOf(page).getByRole('status'), 'No attachments in this task');
  await pick(page, [second]);
  await expectAllAttached(page, 1);
  await expectEachOnce(sandbox, 'yandex-tracker', containerId, [first]);
  await expectEachOnce(sandbox, 'yandex-tracker', 'TEST-2', [second]);
});

test('one Pyrus login serves the task page and the uploads that follow', async ({ context, sandbox, connect }) => {
  await connect('pyrus');
  const seq = sandbox.log.lastSeq;
  const { url, containerId } = samplePage(sandbox, 'pyrus');
  const files = await writeTestFiles(scratch, smallFiles('one login', 3));
  const page = await context.newPage();
  await openToolbar(page, url);
  await pick(page, files);
  await expectAllAttached(page, files.length);
  await expectEachOnce(sandbox, 'pyrus', containerId, files);
  const logins = sandbox.log.since(seq).filter((entry) => /\/v4\/auth\/?$/.test(entry.path));
  expect(logins).toHaveLength(1);
});

test('a batch through is announced in a notification named for the batch and its task', async ({
  context,
  sandbox,
  connect,
  worker,
}) => {
  await connect('pyrus');
  const { url, containerId } = samplePage(sandbox, 'pyrus');
  const files = await writeTestFiles(scratch, smallFiles('announced', 2));
  const page = await context.newPage();
  await openToolbar(page, url);
  await pick(page, files);
  await expectAllAttached(page, files.length);
  const shown = () => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
  // The batch's UUID, then its task's key (tracker, host, kind, id).
  const batchThenTask = new RegExp(`^uploads:[0-9a-f-]{36}:pyrus:[^:]+:[^:]+:${containerId}$`);
  await expect.poll(shown).toEqual([expect.stringMatching(batchThenTask)]);
});
