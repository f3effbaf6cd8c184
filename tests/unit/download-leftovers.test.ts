import { describe, expect, it } from 'vitest';
import { type BrowserDownload, matchLeftovers, strayDownloads } from '../../lib/downloads/leftovers';
import type { DownloadJob } from '../../lib/jobs/records';
import { downloadJob } from './download-job';

const claimedAt = Date.parse('2026-11-29T10:00:00.000Z');
const ourId = 'our-extension';

function job(id: string, path: string): DownloadJob {
  return downloadJob(id, {
    batchId: 'b',
    attachment: { id, name: path, size: 1, sizeExact: true, place: { kind: 'task' } },
    path,
    state: 'starting',
    claimedAt,
  });
}

function download(
  id: number,
  filename: string,
  startOffsetMs = 5,
  byExtensionId = ourId,
  url?: string,
): BrowserDownload {
  return { id, filename, startTime: new Date(claimedAt + startOffsetMs).toISOString(), byExtensionId, url };
}

describe('matchLeftovers', () => {
  it('finds the download a stopped worker began, under the exact path or the name the browser made unique', () => {
    const jobs = [job('a', 'Pyrus/1 Title/a.bin'), job('b', 'Pyrus/1 Title/b.bin')];
    const found = matchLeftovers(
      jobs,
      [download(7, '/home/u/Downloads/Pyrus/1 Title/a.bin'), download(8, 'C:\\Users\\u\\Pyrus\\1 Title\\b (1).bin')],
      ourId,
      new Set(),
    );
    expect(found.get('a')?.id).toBe(7);
    expect(found.get('b')?.id).toBe(8);
  });

  it('finds it under the name Firefox made unique, with no space before the number', () => {
    const jobs = [job('a', 'Pyrus/1 Title/a.bin'), job('b', 'Pyrus/1 Title/b')];
    const found = matchLeftovers(
      jobs,
      [download(7, '/home/u/Downloads/Pyrus/1 Title/a(1).bin'), download(8, 'C:\\Users\\u\\Pyrus\\1 Title\\b(12)')],
      ourId,
      new Set(),
    );
    expect(found.get('a')?.id).toBe(7);
    expect(found.get('b')?.id).toBe(8);
  });

  it('finds an archive numbered before both of its extensions, as both browsers number `a.tar.gz`', () => {
    const jobs = [job('a', 'Pyrus/1 Title/a.tar.gz'), job('b', 'Pyrus/1 Title/b.tar.gz')];
    const found = matchLeftovers(
      jobs,
      [download(7, '/d/Pyrus/1 Title/a (1).tar.gz'), download(8, '/d/Pyrus/1 Title/b(2).tar.gz')],
      ourId,
      new Set(),
    );
    expect(found.get('a')?.id).toBe(7);
    expect(found.get('b')?.id).toBe(8);
  });

  it('ignores older downloads, other extensions, ids already followed, and other files of the same stem', () => {
    const jobs = [job('a', 'Pyrus/1 Title/a.bin')];
    const found = matchLeftovers(
      jobs,
      [
        download(1, '/d/Pyrus/1 Title/a.bin', -1000),
        download(2, '/d/Pyrus/1 Title/a.bin', 5, 'someone-else'),
        download(3, '/d/Pyrus/1 Title/a.bin'),
        download(4, '/d/Pyrus/1 Title/a.bin.txt'),
        download(5, '/d/Other/1 Title/a.bin'),
      ],
      ourId,
      new Set([3]),
    );
    expect(found.size).toBe(0);
  });

  it('gives each download to one job, exact names first', () => {
    const jobs = [job('plain', 'Pyrus/1 Title/report.txt'), job('second', 'Pyrus/1 Title/report (2).txt')];
    const found = matchLeftovers(
      jobs,
      [download(1, '/d/Pyrus/1 Title/report (2).txt'), download(2, '/d/Pyrus/1 Title/report.txt')],
      ourId,
      new Set(),
    );
    expect(found.get('plain')?.id).toBe(2);
    expect(found.get('second')?.id).toBe(1);
  });
});

describe('strayDownloads', () => {
  const source = { job: job('a', 'Pyrus/1 Title/a.bin'), url: 'https://files.pyrus.com/v4/files/download/7' };
  const since = (stopped: DownloadJob) => stopped.claimedAt ?? Number.POSITIVE_INFINITY;

  it("finds our downloads of a job's file that the browser named itself, or has not named yet, however the address is written", () => {
    const strays = strayDownloads(
      [source],
      [
        download(1, '/d/a.bin', 5, ourId, source.url),
        download(2, '', 9, ourId, 'https://FILES.pyrus.com:443/v4/files/download/7'),
      ],
      ourId,
      new Set(),
      since,
    );
    expect(strays.map((stray) => stray.id)).toEqual([1, 2]);
  });

  it('leaves downloads that are followed, older than the claim, of another extension or of another file', () => {
    const strays = strayDownloads(
      [source],
      [
        download(1, '/d/Pyrus/1 Title/a.bin', 5, ourId, source.url),
        download(2, '/d/a.bin', -1000, ourId, source.url),
        download(3, '/d/a.bin', 5, 'someone-else', source.url),
        download(4, '/d/b.bin', 5, ourId, 'https://files.pyrus.com/v4/files/download/8'),
        download(5, '/d/c.bin', 5, ourId, 'not an address'),
      ],
      ourId,
      new Set([1]),
      since,
    );
    expect(strays).toEqual([]);
  });
});
