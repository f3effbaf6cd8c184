import type { DownloadJob } from '../jobs/records';
import { mayBeErrorAsFile } from './error-as-file';

/** How long a download of ours may wait for its job to be known (the launch records it right after it begins). */
const jobKnownWithinMs = 5_000;
/** A launch under way usually tells its download's job within a few ms: only then is the database asked. */
const launchTellsWithinMs = 100;

const waiting = new Map<number, (job: DownloadJob) => void>();

/**
 * The job's path and conflict action, except that an answer that may be the tracker's error (its type known by
 * now, its body not) never replaces a file: "Overwrite" would put it in the place of the user's copy, which the
 * error's removal after the download would then take away. A file of that type after all is kept numbered.
 */
function suggestionFor(job: DownloadJob, item: chrome.downloads.DownloadItem): chrome.downloads.FilenameSuggestion {
  const keepsCopy = job.conflictAction === 'overwrite' && mayBeErrorAsFile(job, item.mime, item.totalBytes);
  return { filename: job.path, conflictAction: keepsCopy ? 'uniquify' : (job.conflictAction ?? 'uniquify') };
}

/** The launch knows which job a browser download belongs to: a name question waiting for it gets its answer. */
export function downloadJobKnown(downloadId: number, job: DownloadJob): void {
  waiting.get(downloadId)?.(job);
  waiting.delete(downloadId);
}

function jobOf(
  downloadId: number,
  load: (downloadId: number) => Promise<DownloadJob | undefined>,
  launchUnderWay: () => boolean,
) {
  return new Promise<DownloadJob | undefined>((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(downloadId);
      resolve(undefined);
    }, jobKnownWithinMs);
    const answer = (job: DownloadJob | undefined) => {
      clearTimeout(timer);
      waiting.delete(downloadId);
      resolve(job);
    };
    waiting.set(downloadId, answer);
    // After a worker restart the job is only in the database.
    // With no launch under way, a download not in the database is none of the queue's (the extension's other
    // downloads, or a script in its worker): its name question is answered at once, not after the wait.
    const lookUp = () =>
      void load(downloadId).then(
        (job) => (job || !launchUnderWay() ? answer(job) : undefined),
        () => undefined,
      );
    if (!launchUnderWay()) {
      lookUp();
      return;
    }
    // The name question of a download the queue is launching may come before the launch has its id: looking each
    // one up at once was a database read that never found the job (23 of 204 files in a Download all).
    setTimeout(() => {
      if (waiting.get(downloadId) === answer) lookUp();
    }, launchTellsWithinMs);
  });
}

export interface PlannedPathSources {
  /** The job of a download begun in this worker life. */
  known(downloadId: number): DownloadJob | undefined;
  /** The job of a download as the database has it (after a worker restart). */
  load(downloadId: number): Promise<DownloadJob | undefined>;
  /** A launch has not had its download id yet: a download not known may be its. */
  launchUnderWay(): boolean;
  /** A download of ours no job knows, with no launch under way: a stopped worker may have begun it. */
  unknown(item: chrome.downloads.DownloadItem): void;
}

/**
 * Chromium restarts a download cut midway by itself, and then names the file afresh, forgetting the path the
 * extension gave: the file would land at the top of the Downloads folder. Answering the browser's name question
 * for every download of ours keeps each at its planned path, however often it is restarted. Other downloads get
 * no answer, which leaves them as they are. Firefox has no such event, and does not restart downloads by itself.
 */
export function keepPlannedPaths({ known, load, launchUnderWay, unknown }: PlannedPathSources): void {
  // Chromium's event, with its `suggest` callback; Firefox answers downloads' names otherwise (or not at all).
  const event = import.meta.env.FIREFOX ? undefined : globalThis.chrome?.downloads?.onDeterminingFilename;
  if (!event) return;
  event.addListener((item, suggest) => {
    if (item.byExtensionId !== chrome.runtime.id) return;
    const job = known(item.id);
    if (job) {
      suggest(suggestionFor(job, item));
      return;
    }
    void jobOf(item.id, load, launchUnderWay).then((found) => {
      suggest(found && suggestionFor(found, item));
      if (!found && !launchUnderWay()) unknown(item);
    });
    // The answer comes later.
    return true;
  });
}
