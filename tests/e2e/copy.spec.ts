import type { BrowserContext, Page } from '@playwright/test';
import { settingsKey } from '../../lib/settings/keys';
import type { TrackerId } from '../../lib/trackers/registry';
import { textContent } from '../sandbox/content';
import { type FileSummary, summarizeFiles } from '../sandbox/control';
import type { FaultSpec } from '../sandbox/faults';
import type { Sandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, stopServiceWorker, storeSettings } from '../support/chromium';
import { routeFetchToSandbox } from '../support/sandbox-network';
import { expectCount, expectText, toolbarOf } from '../support/shadow-ui';
import { expect, test } from './fixtures';

const largeBytes = 50 * 1024 * 1024;

type Route = Pick<FaultSpec, 'host' | 'path' | 'bodyMatch'>;

/** A copy under test: where from, where to, and how the large file's download and upload look on the wire. */
interface Pair {
  from: TrackerId;
  to: TrackerId;
  /** The large file's download from the source (its id known once the sandbox holds it). */
  download: (fileId: string) => Route;
  /** The large file's upload to the target. */
  upload: Route;
  /** How the picker is told the target: its button among the open tasks, or its address pasted. */
  pickBy: 'open tab' | 'pasted address';
}

const pyrusToYandex: Pair = {
  from: 'pyrus',
  to: 'yandex-tracker',
  download: (id) => ({ host: 'files.pyrus.com', path: `^/v4/files/download/${id}$` }),
  upload: { host: 'api.tracker.yandex.net', path: '^/v2/attachments/\\?filename=copy%20large' },
  pickBy: 'open tab',
};

const worksectionToPlanfix: Pair = {
  from: 'worksection',
  to: 'planfix',
  download: (id) => ({ host: 'acme.worksection.com', path: `action=download.*id_file=${id}(&|$)` }),
  upload: { host: 'apiru.planfix.ru', path: '^/xml/', bodyMatch: 'method="file\\.upload"[\\s\\S]*copy large' },
  pickBy: 'pasted address',
};

/** Three files in the source task, made at run time by the sandbox: a text, a PDF-sized one and a 50 MB one. */
function seedSource(sandbox: Sandbox, pair: Pair) {
  const emulator = sandbox.emulators[pair.from];
  const page = emulator.emptyTaskPage();
  emulator.addFile(page.containerId, 'copy notes.txt', textContent(`${pair.from}: notes to copy\n`));
  emulator.addFile(page.containerId, 'copy Отчёт за квартал.pdf', {
    kind: 'generated',
    seed: `${pair.from} report`,
    size: 300 * 1024,
  });
  const large = emulator.addFile(page.containerId, 'copy large.bin', {
    kind: 'generated',
    seed: `${pair.from} large ${Date.now()}`,
    size: largeBytes,
  });
  return { page, largeId: large.id };
}

async function connect(context: BrowserContext, sandbox: Sandbox, trackers: readonly TrackerId[]): Promise<void> {
  const worker = await extensionWorker(context);
  for (const tracker of trackers) {
    await storeSettings(worker, settingsKey(tracker), sandbox.emulators[tracker].credentials());
  }
}

async function openToolbar(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expectText(toolbarOf(page).getByRole('status'), /attachments/i, { timeout: 20_000 });
}

/** `Copy to task…` in the source's toolbar (nothing ticked: all files); the picker opens in a tab of its own. */
async function openPicker(context: BrowserContext, source: Page): Promise<Page> {
  const opened = context.waitForEvent('page', { predicate: (page) => page.url().includes('/pick-task.html?copy=') });
  await toolbarOf(source).getByRole('button', { name: 'Copy to task…' }).click();
  await expectText(toolbarOf(source).getByRole('status'), 'Pick the task to copy to');
  const picker = await opened;
  await picker.waitForLoadState();
  return picker;
}

async function pickTarget(picker: Page, sandbox: Sandbox, pair: Pair): Promise<void> {
  const target = sandbox.emulators[pair.to].emptyTaskPage();
  if (pair.pickBy === 'open tab') {
    await picker.getByRole('button', { name: new RegExp(`TEST-2|${target.containerId}`) }).click();
  } else {
    await picker.getByLabel('Task URL or number').fill(target.url);
    await picker.getByRole('button', { name: 'Copy', exact: true }).click();
  }
  await expect(picker.getByRole('status')).toContainText(/Files queued for .*: 3\./, { timeout: 30_000 });
}

async function expectAllAttached(page: Page, count: number, timeout = 180_000): Promise<void> {
  const list = toolbarOf(page).getByRole('list', { name: 'Attach files' });
  await expectCount(list.getByRole('listitem').filter({ hasText: 'attached' }), count, { timeout });
}

/** Each source file is in the target task exactly once, under its name, with the bytes the source holds. */
async function expectEachOnce(sandbox: Sandbox, pair: Pair): Promise<void> {
  const source = await summarizeFiles(sandbox, pair.from, sandbox.emulators[pair.from].emptyTaskPage().containerId);
  const target = await summarizeFiles(sandbox, pair.to, sandbox.emulators[pair.to].emptyTaskPage().containerId);
  expect(source).toHaveLength(3);
  const byName = (files: FileSummary[], name: string) => files.filter((file) => file.name === name);
  for (const file of source) {
    expect(
      byName(target, file.name).map((copy) => [copy.size, copy.sha256]),
      file.name,
    ).toEqual([[file.size, file.sha256]]);
  }
  expect(target).toHaveLength(3);
}

/** The comments of a Yandex Tracker issue, read from the sandbox through the tracker's own API. */
async function yandexComments(sandbox: Sandbox, issue: string): Promise<string[]> {
  routeFetchToSandbox(sandbox.port, sandbox.certificate.cert);
  const credentials = sandbox.emulators['yandex-tracker'].credentials();
  const response = await fetch(`https://api.tracker.yandex.net/v2/issues/${issue}/comments`, {
    headers: { authorization: `OAuth ${credentials.token}`, 'x-org-id': credentials.orgId ?? '' },
  });
  const comments = (await response.json()) as { text?: string }[];
  return comments.map((comment) => comment.text ?? '');
}

/** Requests that asked the source for the large file's bytes. */
function downloadsOf(sandbox: Sandbox, route: Route, since: number): number {
  return sandbox.log
    .since(since)
    .filter((entry) => (!route.host || entry.host === route.host) && new RegExp(route.path).test(entry.path)).length;
}

for (const pair of [pyrusToYandex, worksectionToPlanfix]) {
  test.describe(`copy ${pair.from} -> ${pair.to}`, () => {
    test(`3 files, one of 50 MB, each land once, byte-identical (target picked by ${pair.pickBy})`, async ({
      context,
      sandbox,
    }) => {
      test.setTimeout(240_000);
      await connect(context, sandbox, [pair.from, pair.to]);
      const { page: sourcePage } = seedSource(sandbox, pair);
      const targetPage = await context.newPage();
      await openToolbar(targetPage, sandbox.emulators[pair.to].emptyTaskPage().url);
      const source = await context.newPage();
      await openToolbar(source, sourcePage.url);
      await expectText(toolbarOf(source).getByRole('status'), '3 attachments');
      await pickTarget(await openPicker(context, source), sandbox, pair);
      await expectAllAttached(targetPage, 3);
      await expectEachOnce(sandbox, pair);
      if (pair.to === 'yandex-tracker') {
        const comments = await yandexComments(sandbox, 'TEST-2');
        expect(comments).toEqual([`Copied from Pyrus task ${sourcePage.containerId} “Empty task”: ${sourcePage.url}`]);
      }
    });

    test('the worker stopped midway, while fetching and while uploading: each file once', async ({
      context,
      sandbox,
    }) => {
      test.setTimeout(240_000);
      await connect(context, sandbox, [pair.from, pair.to]);
      const { page: sourcePage, largeId } = seedSource(sandbox, pair);
      // The large file comes slowly (about 5 s) and its upload is held by the target after it arrived whole.
      sandbox.faults.add({ ...pair.download(largeId), bytesPerSecond: 10 * 1024 * 1024 });
      sandbox.faults.add({ ...pair.upload, holdMs: 6_000 });
      const targetPage = await context.newPage();
      await openToolbar(targetPage, sandbox.emulators[pair.to].emptyTaskPage().url);
      const source = await context.newPage();
      await openToolbar(source, sourcePage.url);
      await pickTarget(await openPicker(context, source), sandbox, pair);

      const uploads = toolbarOf(targetPage).getByRole('list', { name: 'Attach files' });
      await expectCount(uploads.getByRole('listitem').filter({ hasText: 'fetching from the source' }), 1, {
        timeout: 30_000,
      });
      for (let stop = 0; stop < 3; stop++) {
        await stopServiceWorker(context, source);
        await source.waitForTimeout(500);
      }
      await expectCount(uploads.getByRole('listitem').filter({ hasText: /uploading|attaching|attached/ }), 3, {
        timeout: 60_000,
      });
      await stopServiceWorker(context, source);
      await expectAllAttached(targetPage, 3);
      await expectEachOnce(sandbox, pair);
    });
  });
}

test('the browser closed while a copy was fetching: after a restart each file lands once', async ({ sandbox }) => {
  test.setTimeout(240_000);
  sandbox.reset();
  const pair = worksectionToPlanfix;
  const { page: sourcePage, largeId } = seedSource(sandbox, pair);
  const download = pair.download(largeId);
  // Slow enough that the browser is gone before the large file is in.
  sandbox.faults.add({ ...download, bytesPerSecond: 4 * 1024 * 1024 });
  const first = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules() });
  await connect(first.context, sandbox, [pair.from, pair.to]);
  const source = await first.context.newPage();
  await openToolbar(source, sourcePage.url);
  const seq = sandbox.log.lastSeq;
  await pickTarget(await openPicker(first.context, source), sandbox, pair);
  await expect.poll(() => downloadsOf(sandbox, download, seq), { timeout: 60_000 }).toBe(1);
  await source.waitForTimeout(2_000);
  await first.context.close();
  expect(await summarizeFiles(sandbox, pair.to, sandbox.emulators[pair.to].emptyTaskPage().containerId)).not.toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'copy large.bin' })]),
  );

  const second = await launchWithExtension({
    hostResolverRules: sandbox.hostResolverRules(),
    userDataDir: first.userDataDir,
  });
  try {
    const targetPage = await second.context.newPage();
    await openToolbar(targetPage, sandbox.emulators[pair.to].emptyTaskPage().url);
    await expectAllAttached(targetPage, 3);
    await expectEachOnce(sandbox, pair);
    // The fetch the closed browser left was read again from its first byte.
    expect(downloadsOf(sandbox, download, seq)).toBe(2);
  } finally {
    await second.context.close();
  }
});

test('a file over the target limit is refused before anything moves, with its name', async ({ context, sandbox }) => {
  await connect(context, sandbox, ['pyrus', 'planfix']);
  const pyrus = sandbox.emulators.pyrus;
  const sourcePage = pyrus.emptyTaskPage();
  pyrus.addFile(sourcePage.containerId, 'fits.txt', textContent('small\n'));
  // Never read: the sandbox makes a generated file's bytes only when they are asked for.
  pyrus.addFile(sourcePage.containerId, 'too big.iso', { kind: 'generated', seed: 'big', size: 600 * 1024 * 1024 });
  const source = await context.newPage();
  await openToolbar(source, sourcePage.url);
  const seq = sandbox.log.lastSeq;
  const picker = await openPicker(context, source);
  await picker.getByLabel('Task URL or number').fill(sandbox.emulators.planfix.emptyTaskPage().url);
  await picker.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(picker.getByRole('status')).toContainText('Nothing was copied: PlanFix');
  await expect(picker.getByRole('listitem')).toHaveText(['too big.iso: over the limit of 512 MB']);
  expect(sandbox.log.since(seq).filter((entry) => /\/v4\/files\/download\//.test(entry.path))).toEqual([]);
  expect(await summarizeFiles(sandbox, 'planfix', sandbox.emulators.planfix.emptyTaskPage().containerId)).toEqual([]);
});
