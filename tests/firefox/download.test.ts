import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type TrackerId, trackerOf } from '../../lib/trackers/registry';
import { summarizeFiles } from '../sandbox/control';
import { listFiles, sha256File } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();
const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];

/** The files on disk, by content: what must equal what the tracker holds. */
async function savedHashes(downloadDir: string): Promise<{ paths: string[]; hashes: string[] }> {
  const paths = listFiles(downloadDir);
  return { paths, hashes: (await Promise.all(paths.map((path) => sha256File(join(downloadDir, path))))).sort() };
}

describe('Firefox: bulk download', () => {
  for (const tracker of trackers) {
    it(`${tracker}: Download all saves every file byte-identical into the task folder`, async () => {
      const firefox = await firefoxForTest(sandbox());
      await firefox.connect(tracker);
      const { url, containerId } = samplePage(sandbox(), tracker);
      const stored = await summarizeFiles(sandbox(), tracker, containerId);
      const { toolbar } = await firefox.openTask(url);
      await toolbar.click(/^Download all/);
      await toolbar.expectStatus(`Saved ${stored.length} files.`, 60_000);

      const { paths, hashes } = await savedHashes(firefox.downloadDir);
      expect(hashes).toEqual(stored.map((file) => file.sha256).sort());
      const folders = new Set(paths.map((path) => path.slice(0, path.lastIndexOf('/'))));
      expect([...folders]).toHaveLength(1);
      expect([...folders][0]).toMatch(new RegExp(`^${trackerOf(tracker).label}/\\S+ `));
    });

    it(`${tracker}: Download as ZIP saves one archive whose entries are the task's files, byte-identical`, async () => {
      const firefox = await firefoxForTest(sandbox());
      await firefox.connect(tracker);
      const { url, containerId } = samplePage(sandbox(), tracker);
      const stored = await summarizeFiles(sandbox(), tracker, containerId);
      const { toolbar } = await firefox.openTask(url);
      await toolbar.click('Download as ZIP');
      await toolbar.expectStatus(/Saved .+\.zip\./, 60_000);

      const [zipPath, ...others] = listFiles(firefox.downloadDir);
      expect(others).toEqual([]);
      expect(zipPath).toMatch(new RegExp(`^${trackerOf(tracker).label}/\\S+ .+\\.zip$`));
      const entries = unzipSync(new Uint8Array(readFileSync(join(firefox.downloadDir, zipPath ?? ''))));
      const hashes = Object.values(entries).map((bytes) => createHash('sha256').update(bytes).digest('hex'));
      expect(hashes.sort()).toEqual(stored.map((file) => file.sha256).sort());
    });
  }

  // Firefox numbers downloads anew in each session and finds no download of an earlier one: the ledger alone tells.
  it('pyrus: Download all after a browser restart leaves the files saved before, with no second copies', async () => {
    const firefox = await firefoxForTest(sandbox());
    await firefox.connect('pyrus');
    const { url, containerId } = samplePage(sandbox(), 'pyrus');
    const stored = await summarizeFiles(sandbox(), 'pyrus', containerId);
    const before = (await firefox.openTask(url)).toolbar;
    await before.click(/^Download all/);
    await before.expectStatus(`Saved ${stored.length} files.`, 60_000);

    await firefox.restart();
    const after = (await firefox.openTask(url)).toolbar;
    await after.click(/^Download all/);
    await after.expectStatus(`${stored.length} already saved.`);
    expect(listFiles(firefox.downloadDir)).toHaveLength(stored.length);
  }, 180_000);
});
