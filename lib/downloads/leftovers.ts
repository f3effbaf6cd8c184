import type { DownloadJob } from '../jobs/records';

/** What the downloads API tells of a download that matters here. */
export interface BrowserDownload {
  id: number;
  filename: string;
  startTime: string;
  byExtensionId?: string;
  /** The address the download was asked for (before redirects). */
  url?: string;
}

/** A job beside the address its file is fetched from. */
export interface JobSource {
  job: DownloadJob;
  url: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A compressed archive's two extensions, which both browsers keep together when they number a name: Chromium's
 * `FilePath::Extension` (base/files/file_path.cc, kCommonDoubleExtensionSuffixes, a first part of 1 to 4 characters)
 * and Firefox's `DownloadPaths.splitBaseNameAndExtension` (toolkit/components/downloads/DownloadPaths.sys.mjs).
 */
const doubleExtension = /\.[^.]{1,4}\.(bz|bz2|gz|lz|lzma|lzo|xz|z|zst)$/i;

/** Where a browser may put the number it adds to `name`: before its last extension, or before an archive's two. */
function extensionStarts(name: string): number[] {
  const last = name.lastIndexOf('.');
  const double = doubleExtension.exec(name)?.index;
  return [last > 0 ? last : name.length, ...(double !== undefined && double > 0 ? [double] : [])];
}

/**
 * The job's path as the browser may have saved it: as asked, or made unique as `name (1).ext` (Chromium) or
 * `name(1).ext` (Firefox), `name (1).tar.gz` for an archive.
 */
function savedAs(path: string): RegExp {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const folder = escapeRegExp(path.slice(0, slash + 1));
  const numbered = extensionStarts(name).map(
    (at) => `${escapeRegExp(name.slice(0, at))}( ?\\(\\d+\\))?${escapeRegExp(name.slice(at))}`,
  );
  return new RegExp(`(^|/)${folder}(${numbered.join('|')})$`);
}

/**
 * For jobs left `starting` by a worker that stopped: the browser download each had already begun, if any, so it is
 * followed instead of being fetched a second time. Candidates are our own downloads that began after the job's claim
 * and were saved under its path; a download goes to one job only, exact names first.
 */
export function matchLeftovers(
  jobs: readonly DownloadJob[],
  downloads: readonly BrowserDownload[],
  extensionId: string,
  taken: ReadonlySet<number>,
): Map<string, BrowserDownload> {
  const ours = downloads.filter((item) => item.byExtensionId === extensionId && !taken.has(item.id));
  const used = new Set<number>();
  const matches = new Map<string, BrowserDownload>();
  const pick = (job: DownloadJob, fits: (filename: string) => boolean) => {
    if (matches.has(job.id)) return;
    const found = ours.find(
      (item) =>
        !used.has(item.id) &&
        Date.parse(item.startTime) >= (job.claimedAt ?? Number.POSITIVE_INFINITY) &&
        fits(item.filename.replaceAll('\\', '/')),
    );
    if (!found) return;
    used.add(found.id);
    matches.set(job.id, found);
  };
  for (const job of jobs) pick(job, (filename) => filename.endsWith(`/${job.path}`));
  for (const job of jobs) pick(job, (filename) => savedAs(job.path).test(filename));
  return matches;
}

function sameAddress(one: string | undefined, other: string): boolean {
  if (one === undefined) return false;
  try {
    return new URL(one).href === new URL(other).href;
  } catch {
    return false;
  }
}

/**
 * Downloads of ours that fetch a job's file but that no job follows: a worker that stopped mid-launch began them, and
 * the browser's name question died with it, so the browser named the file itself (at the top of the Downloads
 * folder, or `name (1).ext` there). Followed, the file would be in the wrong place; left alone, it would be saved
 * twice once the job runs again. `since` bounds them to the stopped worker's time (a claim's time; none for any).
 */
export function strayDownloads(
  sources: readonly JobSource[],
  downloads: readonly BrowserDownload[],
  extensionId: string,
  followed: ReadonlySet<number>,
  since: (job: DownloadJob) => number = () => Number.NEGATIVE_INFINITY,
): BrowserDownload[] {
  return downloads.filter(
    (item) =>
      item.byExtensionId === extensionId &&
      !followed.has(item.id) &&
      sources.some(({ job, url }) => sameAddress(item.url, url) && Date.parse(item.startTime) >= since(job)),
  );
}
