import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { type TrackerId, trackerOf } from '../../lib/trackers/registry';
import { addFile, summarizeFiles } from '../sandbox/control';
import type { FaultSpec } from '../sandbox/faults';
import type { Sandbox } from '../sandbox/server';
import { pyrusSandbox } from '../sandbox/trackers/pyrus';
import { stopServiceWorker } from '../support/chromium';
import { listFiles, sha256File } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { expectCount, expectText, toolbarOf } from '../support/shadow-ui';
import { pyrusStopsServing, worksectionStopsServing } from '../support/unserved-file';
import { expect, test } from './fixtures';

/** How each tracker's file downloads look on the wire, so a fault can hit them and nothing else. */
const downloadRoutes: Record<TrackerId, Pick<FaultSpec, 'host' | 'path' | 'bodyMatch'>> = {
  pyrus: { host: 'files.pyrus.com', path: '/v4/files/download/' },
  'yandex-tracker': { host: 'storage.mds.yandex.net', path: '.' },
  worksection: { host: 'acme.worksection.com', path: 'action=download' },
  planfix: { host: 'acme.planfix.ru', path: '^/download/' },
};

const trackers = Object.keys(downloadRoutes) as TrackerId[];

/** Where a tracker's files are served from a host that is not its API's: no credentials may go there. */
const storageHosts: Partial<Record<TrackerId, string>> = {
  'yandex-tracker': 'storage.mds.yandex.net',
  planfix: 'acme.planfix.ru',
};

function expectNoCredentialsAtStorage(sandbox: Sandbox, tracker: TrackerId, since: number): void {
  const storage = sandbox.log.since(since).filter((request) => request.host === storageHosts[tracker]);
  if (storageHosts[tracker]) expect(storage.length).toBeGreaterThan(0);
  for (const request of storage) expect(request.headers.authorization).toBeUndefined();
}

/** The requests that count against a tracker's documented rate (PlanFix, Worksection: 1 a second per account). */
const rateLimitedApi: Partial<Record<TrackerId, (request: { host: string; path: string }) => boolean>> = {
  planfix: (request) => /^api(ru)?\.planfix\.(com|ru)$/.test(request.host),
  worksection: (request) => request.host === 'acme.worksection.com' && request.path.startsWith('/api/'),
};

/**
 * The tracker's rate holds across the extension's contexts: the worker's calls and the offscreen document's ZIP
 * entries share one clock. Half the interval: the sandbox logs arrivals, which the machine's load can bunch up.
 */
function expectRateKept(sandbox: Sandbox, tracker: TrackerId, since: number): void {
  const counted = rateLimitedApi[tracker];
  const perSecond = trackerOf(tracker).capabilities.requestsPerSecond;
  if (!counted || !perSecond) return;
  const times = sandbox.log
    .since(since)
    .filter(counted)
    .map((request) => request.time)
    .sort((a, b) => a - b);
  expect(times.length).toBeGreaterThan(2);
  const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500 / perSecond);
}

async function openToolbar(page: Page, url: string) {
  await page.goto(url);
  const toolbar = toolbarOf(page);
  await expectText(toolbar.getByRole('status'), /attachments, /);
  return toolbar;
}

/** The files on disk, by content: what must equal what the tracker holds. */
async function savedHashes(downloadDir: string): Promise<{ paths: string[]; hashes: string[] }> {
  const paths = listFiles(downloadDir);
  return { paths, hashes: (await Promise.all(paths.map((path) => sha256File(join(downloadDir, path))))).sort() };
}

for (const tracker of trackers) {
  test.describe(`${tracker} bulk download`, () => {
    test('Download all saves every file byte-identical into the task folder with safe names', async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      const toolbar = await openToolbar(page, url);
      const seq = sandbox.log.lastSeq;
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 30_000 });

      expectNoCredentialsAtStorage(sandbox, tracker, seq);
      const { paths, hashes } = await savedHashes(downloadDir);
      expect(hashes).toEqual(stored.map((file) => file.sha256).sort());
      const folders = new Set(paths.map((path) => path.slice(0, path.lastIndexOf('/'))));
      expect(folders.size).toBe(1);
      expect([...folders][0]).toMatch(new RegExp(`^${trackerOf(tracker).label}/\\S+ `));
      for (const path of paths) expect(path).not.toMatch(/[<>:"\\|?*\p{Cc}]/u);
      expect(paths.filter((path) => /\/report( \(2\))?\.txt$/.test(path))).toHaveLength(2);
    });

    test('Download selected saves only the ticked files', async ({ context, sandbox, connect, downloadDir }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      const toolbar = await openToolbar(page, url);
      const picked = stored.filter((file) => file.name !== 'report.txt').slice(0, 2);
      for (const file of picked) await toolbar.getByRole('checkbox', { name: file.name, exact: true }).check();
      await toolbar.getByRole('button', { name: 'Download selected (2)' }).click();
      await expectText(toolbar.getByRole('status'), 'Saved 2 files.', { timeout: 30_000 });
      expect((await savedHashes(downloadDir)).hashes).toEqual(picked.map((file) => file.sha256).sort());
    });

    test('a second run offers and fetches only the new file', async ({ context, sandbox, connect, downloadDir }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      let toolbar = await openToolbar(page, url);
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 30_000 });

      sandbox.emulators[tracker].addFile(containerId, 'added later.txt', {
        kind: 'bytes',
        bytes: Buffer.from('new\n'),
      });
      const seq = sandbox.log.lastSeq;
      // A reload, not goto: Pyrus task URLs differ only in the hash, which would not load the page again.
      await page.reload();
      toolbar = toolbarOf(page);
      await expectText(toolbar.getByRole('status'), /attachments, /);
      await toolbar.getByRole('button', { name: 'Download new (1)' }).click();
      await expectText(toolbar.getByRole('status'), 'Saved 1 file.', { timeout: 30_000 });
      expect((await savedHashes(downloadDir)).paths).toHaveLength(stored.length + 1);
      expect(listFiles(downloadDir).some((path) => path.endsWith('/added later.txt'))).toBe(true);
      const route = downloadRoutes[tracker];
      const fileFetches = sandbox.log
        .since(seq)
        .filter((entry) => entry.host === route.host && new RegExp(route.path).test(entry.path));
      expect(fileFetches.length).toBeLessThanOrEqual(2);
    });

    test('Download as ZIP saves one <task id> <task title>.zip whose entries are the task files, byte-identical', async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect(tracker);
      const { url, containerId, title } = samplePage(sandbox, tracker);
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      const listedFrom = sandbox.log.lastSeq;
      const toolbar = await openToolbar(page, url);
      const seq = sandbox.log.lastSeq;
      await toolbar.getByRole('button', { name: 'Download as ZIP' }).click();
      await expectText(toolbar.getByRole('status'), /Saved .+\.zip\./, { timeout: 45_000 });
      expectNoCredentialsAtStorage(sandbox, tracker, seq);
      expectRateKept(sandbox, tracker, listedFrom);

      const [zipPath, ...others] = listFiles(downloadDir);
      expect(others).toEqual([]);
      expect(zipPath).toMatch(new RegExp(`^${trackerOf(tracker).label}/\\S+ .+\\.zip$`));
      expect(zipPath).toContain(title.slice(0, 10));
      const entries = unzipSync(new Uint8Array(readFileSync(join(downloadDir, zipPath ?? ''))));
      const names = Object.keys(entries);
      expect(names).toHaveLength(stored.length);
      expect(names.filter((name) => /^report( \(2\))?\.txt$/.test(name))).toHaveLength(2);
      for (const name of names) expect(name).not.toMatch(/[<>:"\\|?*\p{Cc}]/u);
      const hashes = Object.values(entries).map((bytes) => createHash('sha256').update(bytes).digest('hex'));
      expect(hashes.sort()).toEqual(stored.map((file) => file.sha256).sort());
    });

    test('a 429, a 500 and a cut connection on file downloads are retried to byte-identical files', async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      const toolbar = await openToolbar(page, url);
      const route = downloadRoutes[tracker];
      sandbox.faults.add({ ...route, status: 429, retryAfter: 1 });
      sandbox.faults.add({ ...route, status: 500 });
      sandbox.faults.add({ ...route, cut: 'response-body', afterBytes: 2 });
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 45_000 });
      const saved = await savedHashes(downloadDir);
      // The paths tell where a file saved twice went (a rare duplicate seen once on 2026-12-01).
      expect(saved.hashes, saved.paths.join('\n')).toEqual(stored.map((file) => file.sha256).sort());
    });
  });
}

for (const tracker of trackers) {
  test.describe(`${tracker} downloads again and after faults`, () => {
    test('a second Download all leaves the files already saved where they are and says so', async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect(tracker);
      const { url, containerId } = samplePage(sandbox, tracker);
      const before = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      let toolbar = await openToolbar(page, url);
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved ${before.length} files.`, { timeout: 30_000 });

      for (let index = 0; index < 5; index++) {
        sandbox.emulators[tracker].addFile(containerId, `added ${index}.txt`, {
          kind: 'bytes',
          bytes: Buffer.from(`added later ${index}\n`),
        });
      }
      const after = await summarizeFiles(sandbox, tracker, containerId);
      await page.reload();
      toolbar = toolbarOf(page);
      await expectText(toolbar.getByRole('status'), /attachments, /);
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved 5 files. ${before.length} already saved.`, {
        timeout: 30_000,
      });
      const { paths, hashes } = await savedHashes(downloadDir);
      expect(paths).toHaveLength(after.length);
      expect(hashes).toEqual(after.map((file) => file.sha256).sort());
    });

    test('a download cut midway and retried is saved in the task folder like the others', async ({
      context,
      sandbox,
      connect,
      downloadDir,
    }) => {
      await connect(tracker);
      const { url, containerId } = sandbox.emulators[tracker].emptyTaskPage();
      for (let index = 0; index < 3; index++) {
        sandbox.emulators[tracker].addFile(containerId, `large ${index}.bin`, {
          kind: 'generated',
          seed: `cut-${tracker}-${index}`,
          size: 400 * 1024,
        });
      }
      const stored = await summarizeFiles(sandbox, tracker, containerId);
      const page = await context.newPage();
      const toolbar = await openToolbar(page, url);
      // Status and headers, half the body, then the connection is gone.
      sandbox.faults.add({ ...downloadRoutes[tracker], cut: 'response-body', afterBytes: 200 * 1024 });
      await toolbar.getByRole('button', { name: /^Download all/ }).click();
      await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 45_000 });
      const { paths, hashes } = await savedHashes(downloadDir);
      expect(hashes).toEqual(stored.map((file) => file.sha256).sort());
      expect(paths.map((path) => path.slice(0, path.lastIndexOf('/')))).toEqual(
        paths.map(() => expect.stringMatching(new RegExp(`^${trackerOf(tracker).label}/\\S+ Empty`))),
      );
    });
  });
}

test('files already there: a deleted one comes back, overwrite replaces, keep both adds copies', async ({
  context,
  sandbox,
  connect,
  worker,
  downloadDir,
}) => {
  await connect('pyrus');
  const { url, containerId } = samplePage(sandbox, 'pyrus');
  const stored = await summarizeFiles(sandbox, 'pyrus', containerId);
  const page = await context.newPage();
  const toolbar = await openToolbar(page, url);
  const downloadAll = async (expected: string) => {
    await toolbar.getByRole('button', { name: /^Download all/ }).click();
    await expectText(toolbar.getByRole('status'), expected, { timeout: 30_000 });
  };
  await downloadAll(`Saved ${stored.length} files.`);
  const [first] = listFiles(downloadDir);
  rmSync(join(downloadDir, first ?? ''));
  // Chromium looks at the disk for the downloads API at most once in 10 s (kFileExistenceRateLimitSeconds), and the
  // last look was during the first run. The task page opened again asks it to look.
  await page.waitForTimeout(10_500);
  await page.reload();
  await expectText(toolbar.getByRole('status'), /attachments, /);
  await downloadAll(`Saved 1 file. ${stored.length - 1} already saved.`);
  expect((await savedHashes(downloadDir)).hashes).toEqual(stored.map((file) => file.sha256).sort());

  const prefer = (existingFiles: string) =>
    worker.evaluate((value) => chrome.storage.local.set({ preferences: { existingFiles: value } }), existingFiles);
  await prefer('overwrite');
  await downloadAll(`Saved ${stored.length} files.`);
  expect((await savedHashes(downloadDir)).hashes).toEqual(stored.map((file) => file.sha256).sort());
  await prefer('keep-both');
  await downloadAll(`Saved ${stored.length} files.`);
  // The same outcome text as the run before: the files on disk tell when this run is through.
  await expect.poll(() => listFiles(downloadDir).length, { timeout: 30_000 }).toBe(2 * stored.length);
  expect((await savedHashes(downloadDir)).hashes).toEqual([...stored, ...stored].map((file) => file.sha256).sort());
});

test('a download refused as unauthorised while the connection still works is fetched again (Pyrus token renewed)', async ({
  context,
  sandbox,
  connect,
  downloadDir,
}) => {
  await connect('pyrus');
  const { url, containerId } = samplePage(sandbox, 'pyrus');
  const stored = await summarizeFiles(sandbox, 'pyrus', containerId);
  const page = await context.newPage();
  const toolbar = await openToolbar(page, url);
  // The token dies between the task's listing and the first download: the browser's download meets a 401.
  sandbox.faults.add({ ...downloadRoutes.pyrus, status: 401 });
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 45_000 });
  expect((await savedHashes(downloadDir)).hashes).toEqual(stored.map((file) => file.sha256).sort());
});

test('a rejected token asks the user to reconnect instead of retrying', async ({ context, sandbox, worker }) => {
  const credentials = { ...sandbox.emulators.worksection.credentials(), apiKey: 'wrong-key' };
  await worker.evaluate((value) => chrome.storage.local.set({ 'settings.worksection': value }), credentials);
  const page = await context.newPage();
  await page.goto(samplePage(sandbox, 'worksection').url);
  const toolbar = toolbarOf(page);
  await expectText(toolbar.getByRole('status'), /rejected the credentials/);
  await toolbar.getByRole('button', { name: 'Open Worksection settings' }).waitFor();
});

/**
 * Download all on a Pyrus task of `count` files of 256 KiB, each sent at `bytesPerSecond`: slow enough to act
 * mid-batch. Returns once the click went out.
 */
async function slowDownloadAll(context: BrowserContext, sandbox: Sandbox, count: number, bytesPerSecond: number) {
  const task = pyrusSandbox.emptyTask;
  for (let index = 0; index < count; index++) {
    sandbox.emulators.pyrus.addFile(task, `part ${index}.bin`, {
      kind: 'generated',
      seed: `slow-${index}`,
      size: 256 * 1024,
    });
  }
  sandbox.faults.add({ ...downloadRoutes.pyrus, bytesPerSecond, times: count });
  const stored = await summarizeFiles(sandbox, 'pyrus', task);
  const page = await context.newPage();
  const toolbar = await openToolbar(page, `https://pyrus.com/t#id${task}`);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  return { page, toolbar, stored };
}

test('the worker stopped three times during Download all: every file is saved once', async ({
  context,
  sandbox,
  connect,
  downloadDir,
}) => {
  await connect('pyrus');
  const { page, toolbar, stored } = await slowDownloadAll(context, sandbox, 24, 512 * 1024);
  for (let stop = 0; stop < 3; stop++) {
    await page.waitForTimeout(700);
    await stopServiceWorker(context, page);
  }
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 60_000 });
  const { paths, hashes } = await savedHashes(downloadDir);
  expect(paths.filter((path) => / \(\d+\)\.bin$/.test(path))).toEqual([]);
  expect(hashes, paths.join('\n')).toEqual(stored.map((file) => file.sha256).sort());
});

test('Download all pressed again while its files are on their way says so and saves each file once', async ({
  context,
  sandbox,
  connect,
  downloadDir,
}) => {
  await connect('pyrus');
  const { toolbar, stored } = await slowDownloadAll(context, sandbox, 6, 256 * 1024);
  await expectText(toolbar.getByRole('status'), /Saving/);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `${stored.length} already on their way.`);
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 60_000 });
  const { paths, hashes } = await savedHashes(downloadDir);
  expect(paths.filter((path) => / \(\d+\)\.bin$/.test(path))).toEqual([]);
  expect(hashes, paths.join('\n')).toEqual(stored.map((file) => file.sha256).sort());
});

test('Cancel all stops the files still to come, and a cancelled file can be fetched again', async ({
  context,
  sandbox,
  connect,
  downloadDir,
}) => {
  await connect('pyrus');
  const { page, toolbar, stored } = await slowDownloadAll(context, sandbox, 12, 128 * 1024);
  await expectText(toolbar.getByRole('status'), 'Saving:');
  await toolbar.getByRole('button', { name: 'Cancel all' }).click();
  await expectText(toolbar.getByRole('status'), /^(?![\s\S]*Saving:)/);
  await expectCount(toolbar.getByRole('listitem').filter({ hasText: 'cancelled' }), stored.length);
  await page.waitForTimeout(1000);
  expect(listFiles(downloadDir)).toEqual([]);

  sandbox.faults.clear();
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 30_000 });
  expect((await savedHashes(downloadDir)).hashes).toEqual(stored.map((file) => file.sha256).sort());
});

const stopsServing = { pyrus: pyrusStopsServing, worksection: worksectionStopsServing };
for (const [tracker, stopServing] of Object.entries(stopsServing) as [TrackerId, typeof pyrusStopsServing][]) {
  test(`${tracker}: a file the tracker no longer serves fails with Retry beside it, and Retry saves it once it is back`, async ({
    context,
    sandbox,
    connect,
    downloadDir,
  }) => {
    await connect(tracker);
    const { url, containerId } = samplePage(sandbox, tracker);
    const stored = await summarizeFiles(sandbox, tracker, containerId);
    const [missing] = stored;
    if (!missing) throw new Error('the sample task has no files');
    stopServing(sandbox, missing.id);
    const page = await context.newPage();
    const toolbar = await openToolbar(page, url);
    await toolbar.getByRole('button', { name: /^Download all/ }).click();
    await expectText(toolbar.getByRole('status'), `Saved ${stored.length - 1} files; 1 failed.`, { timeout: 45_000 });
    // Nothing saved in the file's place (Worksection's error is an answer of 200 a browser would save).
    const others = stored.filter((file) => file !== missing).map((file) => file.sha256);
    expect((await savedHashes(downloadDir)).hashes).toEqual(others.sort());

    sandbox.faults.clear();
    await toolbar.getByRole('button', { name: `Retry: ${missing.name}` }).click();
    await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 30_000 });
    expect((await savedHashes(downloadDir)).hashes).toEqual(stored.map((file) => file.sha256).sort());
  });
}

test('worksection with "Overwrite": a JSON file the tracker no longer serves keeps the copy already saved', async ({
  context,
  sandbox,
  connect,
  worker,
  downloadDir,
}) => {
  await connect('worksection');
  const { url, containerId } = samplePage(sandbox, 'worksection');
  // Chromium names a download by its type: only a file already named `.json` is where Worksection's JSON error lands.
  const missing = addFile(sandbox, {
    tracker: 'worksection',
    container: containerId,
    name: 'settings.json',
    text: '{"theme":"dark"}',
  });
  const stored = await summarizeFiles(sandbox, 'worksection', containerId);
  await worker.evaluate(() => chrome.storage.local.set({ preferences: { existingFiles: 'overwrite' } }));
  const page = await context.newPage();
  const toolbar = await openToolbar(page, url);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length} files.`, { timeout: 45_000 });
  const saved = await savedHashes(downloadDir);
  expect(saved.paths.filter((path) => path.endsWith('/settings.json'))).toHaveLength(1);

  // Its download is now answered 200 with Worksection's JSON error, which "Overwrite" would save in the copy's place.
  worksectionStopsServing(sandbox, missing.id);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `Saved ${stored.length - 1} files; 1 failed.`, { timeout: 45_000 });
  expect(await savedHashes(downloadDir)).toEqual(saved);
});
