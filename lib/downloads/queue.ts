import browser, { type Downloads } from 'webextension-polyfill';
import { AppError, asAppError } from '../errors';
import { openDownload } from '../http/open-download';
import { queueChanged } from '../jobs/changes';
import { serialPump } from '../jobs/pump';
import { activeDownloadStates, type DownloadJob, isActive } from '../jobs/records';
import { nextAttempt, stopsTheTracker } from '../jobs/retry';
import { failWaitingOfTracker, getJob, jobsInState, updateJob } from '../jobs/store';
import { wakeAlarm } from '../jobs/wake';
import { currentPreferences, defaultPreferences } from '../settings/preferences';
import { downloadFailureOf } from '../trackers/download-failures';
import { requestIntervalOf, type TaskRef } from '../trackers/registry';
import type { DownloadRequest, TrackerApi } from '../trackers/types';
import { mayBeErrorAsFile } from './error-as-file';
import { classifyInterrupt } from './interrupt';
import { downloadJobKnown, keepPlannedPaths } from './keep-planned-path';
import { ledgerKey } from './ledger-entry';
import { type BrowserDownload, type JobSource, matchLeftovers, strayDownloads } from './leftovers';
import { probeDownload, probeTimeoutMs } from './probe';
import { downloadSession, sameDownloadIn } from './still-on-disk';
import { type Claimed, claimReady, type JobWrite, jobByDownloadId, ledgerOfTask, writeAndClaim } from './store';
import type { ZipBuilder } from './zip-order';

/** Chromium runs at most 6 downloads per host; more only wait inside the browser where we cannot see them. */
const browserPerHostLimit = 6;

export interface DownloadQueueDeps {
  /** The tracker client for a task of the connected account (the background's, with the stored credentials). */
  clientFor(task: TaskRef): Promise<TrackerApi>;
  zip: ZipBuilder;
}

export type DownloadQueue = ReturnType<typeof createDownloadQueue>;

/**
 * The download executor on the job core: claims queued jobs (`starting`), hands each to the browser's downloads API
 * (`running`), and settles it from the browser's events (`done`, or a retry, or `failed`). The states are drawn in
 * docs/queues.md. What this worker life knows is kept here; after a restart `resync` takes over what the browser
 * still runs.
 */
export function createDownloadQueue({ clientFor, zip }: DownloadQueueDeps) {
  /** Downloads under way in this worker life, by browser download id: an end finds its job without a read. */
  const startedHere = new Map<number, DownloadJob>();
  /** Jobs whose `start` has not yet had its download id from the browser. */
  const launching = new Set<string>();
  /**
   * Downloads a settle erased from the history itself (an error saved as the file): another settle of one that no
   * longer finds it leaves the job to the settle that erased it, which is about to retry it.
   */
  const erasedHere = new Set<number>();
  /**
   * Claimed jobs not launched yet: up to three more sets than the limit, so a finished download hands its place on
   * at once, without waiting for a database commit. With one set, six small files could end within one busy commit
   * (40 ms and more): in a Download all of 2,000 files, a download's end waited 18–34 ms on average for the next
   * call, against 3–5 ms with three sets.
   */
  let ready: DownloadJob[] = [];
  /** The preference as of the last claim, so a freed place is filled without waiting for a storage read. */
  let limit = defaultPreferences.parallelDownloads;
  /**
   * This worker life found jobs a stopped worker left `starting`: only then can a download of ours that no job knows
   * be a stray (a worker begins downloads only for `starting` jobs), so only then is such a download checked.
   */
  let leftoversFound = false;
  /** Starts and ends waiting to be committed together (see `record`). */
  const pendingWrites: { write: JobWrite; done: (job: DownloadJob | undefined) => void; fail: (e: unknown) => void }[] =
    [];
  let writing = false;
  /**
   * Starts and ends are gathered this long before a commit, for fewer commits on the cores the downloads need: in a
   * browser trace of a Download all of 204 files (BENCH_TRACE=1), 112 commits took the IndexedDB backend 54 ms
   * against 208 and 98 ms without gathering. Nothing waits for these writes: a freed place is filled from the claimed
   * reserve, and a worker stopped meanwhile finds its jobs as if it had stopped just before the write (leftovers.ts).
   */
  const writeGatherMs = 25;
  let gatherTimer: ReturnType<typeof setTimeout> | undefined;

  const inFlight = (): number => launching.size + startedHere.size;

  /** Nothing claimed, starting, running or being written in this worker life. */
  const drained = (): boolean => ready.length === 0 && inFlight() === 0 && pendingWrites.length === 0;

  const launchReady = (): void => {
    while (inFlight() < limit) {
      const job = ready.shift();
      if (!job) return;
      launching.add(job.id);
      void start(job);
    }
  };

  /** What may be claimed (`starting` or `running` in the database): the running ones and the reserve. */
  const claimLimit = async (): Promise<number> => {
    const { parallelDownloads } = await currentPreferences();
    limit = Math.max(1, Math.min(parallelDownloads, browserPerHostLimit));
    return 4 * limit;
  };

  /** Claims what may start (after storing `added`, in the same commit) and starts it. */
  const claimAndLaunch = async (added?: readonly DownloadJob[]): Promise<void> => {
    launch(await claimReady(await claimLimit(), Date.now(), added));
    queueChanged();
  };
  const pump = serialPump(() => claimAndLaunch(), 'download queue');
  const wake = wakeAlarm('downloads-wake', () => void pump());

  /**
   * Starts are not awaited: `downloads.download` resolves only once the response has begun, and nothing should wait
   * for each file in turn. The claim already counts them as busy.
   */
  const launch = ({ claimed, nextStart }: Claimed): void => {
    ready.push(...claimed);
    launchReady();
    if (nextStart === undefined) return;
    setTimeout(() => void pump(), Math.max(0, nextStart - Date.now()) + 10);
    // The worker may be gone by then: the alarm brings it back.
    void wake.at(nextStart);
  };

  /**
   * Records a job's start or end; resolves with the job as stored, or undefined where its state no longer allowed the
   * write. Writes that come while one is being committed go together in the next transaction, which also claims the
   * room their ends freed: with six downloads at once, a commit per event was the queue's bottleneck.
   */
  const record = (write: JobWrite): Promise<DownloadJob | undefined> =>
    new Promise((done, fail) => {
      pendingWrites.push({ write, done, fail });
      if (writing) return;
      // The last file's end is written at once: the toolbar says done when it is.
      if (inFlight() === 0) void writeAll();
      else gatherTimer ??= setTimeout(() => void writeAll(), writeGatherMs);
    });

  const writeAll = async (): Promise<void> => {
    clearTimeout(gatherTimer);
    gatherTimer = undefined;
    if (writing) return;
    writing = true;
    try {
      while (pendingWrites.length > 0) {
        const batch = pendingWrites.splice(0);
        try {
          const written = await writeAndClaim(
            batch.map(({ write }) => write),
            { limit: await claimLimit(), now: Date.now() },
          );
          for (const [index, { done }] of batch.entries()) done(written.applied[index]);
          launch(written);
          queueChanged();
        } catch (error) {
          for (const { fail } of batch) fail(error);
        }
      }
    } finally {
      writing = false;
    }
  };

  const requestFor = async (job: DownloadJob): Promise<DownloadRequest> =>
    (await clientFor(job.task)).downloadRequest(job.task, job.attachment);

  const stillStarting = async (job: DownloadJob): Promise<boolean> =>
    (await getJob('downloads', job.id))?.state === 'starting';

  /**
   * A ZIP job's file: built (and its entries fetched) in the offscreen document, then saved from a blob URL.
   * Undefined when the job was cancelled meanwhile.
   */
  const zipRequest = async (
    job: DownloadJob,
    entries: NonNullable<DownloadJob['zip']>['entries'],
  ): Promise<DownloadRequest | undefined> => {
    const api = await clientFor(job.task);
    const order = entries.map((entry) => {
      const created = Date.parse(entry.attachment.createdAt ?? '');
      // The file's own date, so that a ZIP built again is the same, byte for byte.
      return {
        path: entry.path,
        size: entry.attachment.size,
        modified: Number.isFinite(created) ? created : job.createdAt,
      };
    });
    // Each entry's request is made as the builder reaches it, so none has expired by then however long the ZIP takes.
    const requestFor = async (index: number) => {
      const entry = entries[index];
      if (!entry) throw new AppError('unexpected', { detail: 'no such ZIP entry' });
      return api.downloadRequest(job.task, entry.attachment, 'fetch');
    };
    if (!(await stillStarting(job))) return undefined;
    // The entries' requests are API calls for some trackers (PlanFix's file.download): their starts keep its rate.
    const minIntervalMs = requestIntervalOf(job.task.tracker);
    const { url } = await zip.build(
      { jobId: job.id, tracker: job.task.tracker, entries: order, parallel: limit, minIntervalMs },
      (bytes) => {
        void updateJob('downloads', job.id, { bytesReceived: bytes }, (stored) => stored.state === 'starting').then(
          () => queueChanged(),
        );
      },
      requestFor,
    );
    // Cancelled while it was built.
    return (await stillStarting(job)) ? { url, headers: [] } : undefined;
  };

  /** A download ended: its place goes to the next ready job at once, before any bookkeeping. */
  const freeSlot = (downloadId: number): void => {
    if (startedHere.delete(downloadId)) launchReady();
  };

  /** A launch ended without a download (cancelled or failed before the browser began): its place goes on too. */
  const launchEnded = (jobId: string): void => {
    if (launching.delete(jobId)) launchReady();
  };

  /** Starts the browser download of a claimed (`starting`) job. */
  const start = async (job: DownloadJob): Promise<void> => {
    try {
      const request = job.zip ? await zipRequest(job, job.zip.entries) : await requestFor(job);
      if (!request) {
        // A ZIP job cancelled before or while it was built.
        launchEnded(job.id);
        await zip.discard(job.id);
        return;
      }
      const downloadId = await browser.downloads.download({
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        filename: job.path,
        conflictAction: job.conflictAction ?? 'uniquify',
        saveAs: false,
      });
      // Before anything else runs: the download's end event may come next, and it looks the job up here.
      const running = request.forgetAfterSave ? { ...job, forgetAfterSave: true } : job;
      launching.delete(job.id);
      startedHere.set(downloadId, running);
      downloadJobKnown(downloadId, running);
      const started = await record({
        kind: 'running',
        id: job.id,
        downloadId,
        session: await downloadSession(),
        forgetAfterSave: request.forgetAfterSave,
      });
      if (!started) {
        // Cancelled while the browser was starting it.
        startedHere.delete(downloadId);
        await browser.downloads.cancel(downloadId).catch(() => undefined);
        // No job has this download, so no settle of it discards the ZIP.
        if (job.zip) await zip.discard(job.id);
      }
    } catch (error) {
      launchEnded(job.id);
      // A ZIP the browser refused to save: the next try builds it again.
      if (job.zip) await zip.discard(job.id);
      await failOrRetry(job, asAppError(error));
      queueChanged();
      void pump();
    }
  };

  /**
   * Whether the job was not claimed again since `job` was read. A ZIP is built under its job's id: after a new claim
   * the archive there is the newer download's, which a trailing settle of the older one must not throw away.
   */
  const sameClaim = async (job: DownloadJob): Promise<boolean> => {
    const stored = await getJob('downloads', job.id);
    return stored === undefined || stored.claimedAt === job.claimedAt;
  };

  /** The job of download `downloadId`, unless Firefox gave it that id in an earlier session (another download now). */
  const jobOfThisSession = async (downloadId: number): Promise<DownloadJob | undefined> => {
    const job = await jobByDownloadId(downloadId);
    return job && sameDownloadIn(job.session, await downloadSession()) ? job : undefined;
  };

  /**
   * A running job of another session whose download is still its own: session storage is cleared when the extension
   * is updated or reloaded too, while Firefox keeps its downloads and their ids. The download is the job's if it is
   * ours, began after the job's claim and saves at its planned path; the job then takes this session. Undefined
   * where the id names another download now (a browser restart), or none.
   */
  const stillOwnDownload = async (job: DownloadJob, session: string): Promise<DownloadJob | undefined> => {
    if (job.downloadId === undefined) return undefined;
    const [item] = await browser.downloads.search({ id: job.downloadId });
    if (!item || !matchLeftovers([job], [item], browser.runtime.id, new Set()).has(job.id)) return undefined;
    const same = (stored: DownloadJob) => stored.state === 'running' && stored.downloadId === job.downloadId;
    return updateJob('downloads', job.id, { session }, same);
  };

  /**
   * Whether the stored job is still on browser download `downloadId`, begun under `job`'s claim: running it, or still
   * `starting` with that download's `running` write not committed yet. Two settles of one download can run at once
   * (its end event and a toolbar's snapshot) and one may trail by a probe of up to 30 s: by then the other may have
   * re-queued the job and started it again as a newer download, which a write for the older one would undo (queued
   * once more, and the file saved a second time).
   */
  const onDownload =
    (downloadId: number, job: DownloadJob) =>
    (stored: DownloadJob): boolean =>
      isActive(stored) &&
      (stored.downloadId === downloadId ||
        (stored.state === 'starting' && stored.downloadId === undefined && stored.claimedAt === job.claimedAt));

  /** Brings a job in line with its browser download: progress, completion or interruption. Idempotent. */
  const settle = async (downloadId: number, known?: DownloadJob): Promise<void> => {
    const job = known ?? startedHere.get(downloadId) ?? (await jobOfThisSession(downloadId));
    if (!job || !isActive(job)) return;
    const stillOn = onDownload(downloadId, job);
    const [item] = await browser.downloads.search({ id: downloadId });
    if (!item && erasedHere.has(downloadId)) return;
    if (item?.state === 'in_progress') startedHere.set(downloadId, job);
    else freeSlot(downloadId);
    const savedError = item?.state === 'complete' ? await errorSavedAsFile(job, item) : undefined;
    if (!item) {
      // Erased from the browser's history (a cleaner extension, the history cleared) before its end was read: the
      // file may or may not have been saved. Fetched again on its own it could be saved twice, so the user decides.
      await failOrRetry(job, new AppError('erased', { tracker: job.task.tracker }), stillOn, false);
    } else if (savedError) {
      await browser.downloads.removeFile(downloadId).catch(() => undefined);
      erasedHere.add(downloadId);
      await browser.downloads.erase({ id: downloadId });
      await failOrRetry(job, savedError, stillOn);
    } else if (item.state === 'complete') {
      const attachments = job.zip ? job.zip.entries.map((entry) => entry.attachment) : [job.attachment];
      const session = await downloadSession();
      await record({
        kind: 'done',
        id: job.id,
        change: { bytesReceived: item.bytesReceived, totalBytes: item.totalBytes, error: undefined },
        saved: attachments.map((attachment) => ({
          key: ledgerKey(job.taskKey, attachment.id),
          taskKey: job.taskKey,
          attachmentId: attachment.id,
          size: attachment.size,
          md5: attachment.md5,
          path: item.filename,
          // Erased from the history below: the ledger alone then says the file was saved.
          downloadId: job.forgetAfterSave ? undefined : downloadId,
          session,
          savedAt: Date.now(),
          ...(job.zip ? { inZip: true as const } : {}),
        })),
      });
      if (job.forgetAfterSave) await browser.downloads.erase({ id: downloadId });
    } else if (item.state === 'interrupted') {
      const verdict = classifyInterrupt(item.error);
      if (verdict.kind === 'cancelled' && !verdict.retry) {
        await updateJob('downloads', job.id, { state: 'cancelled' }, stillOn);
      } else if (verdict.retry) {
        // Chromium resumes some failures by itself: stop this download for good before the file is fetched again
        // (else both would be saved), unless it finished meanwhile.
        await browser.downloads.cancel(downloadId).catch(() => undefined);
        const [after] = await browser.downloads.search({ id: downloadId });
        if (after?.state === 'complete') return settle(downloadId, job);
        // A ZIP is saved from a blob of ours, and its stand-in attachment is no file of the tracker's: nothing to ask.
        const error = job.zip
          ? new AppError(verdict.kind, { tracker: job.task.tracker, code: item.error })
          : await probeDownload(job.task.tracker, () => requestFor(job), verdict.kind);
        // The verdict stands unless the tracker told something worse (the file gone, the access or connection lost).
        await failOrRetry(job, error, stillOn, error.retryable || error.kind === verdict.kind);
      } else {
        await failOrRetry(job, new AppError(verdict.kind, { tracker: job.task.tracker, code: item.error }), stillOn);
      }
    }
    // Still in progress: nothing to write (progress is read live when someone looks).
    if (item?.state === 'in_progress') return;
    if (job.zip && (await sameClaim(job))) await zip.discard(job.id);
    queueChanged({ settled: drained() });
    // A finished file already handed its place on; a failed or cancelled one frees it here.
    if (item?.state !== 'complete' || savedError) void pump();
  };

  /**
   * The tracker's error where the browser saved it as the file. A tracker that answers a file it cannot serve with
   * a success and its error as the body (Worksection) is asked once more when what was saved has the error's type
   * and not the file's size. Undefined for the file itself.
   */
  const errorSavedAsFile = async (job: DownloadJob, item: Downloads.DownloadItem): Promise<AppError | undefined> => {
    const failure = downloadFailureOf(job.task.tracker);
    if (!failure || !mayBeErrorAsFile(job, item.mime, item.bytesReceived)) return undefined;
    try {
      const request = await requestFor(job);
      const timeout = AbortSignal.timeout(probeTimeoutMs);
      await (await openDownload(job.task.tracker, request, job.attachment.name, timeout, failure)).cancel();
      // The file this time: fetched again.
      return new AppError('server', { tracker: job.task.tracker, detail: job.attachment.name });
    } catch (error) {
      return asAppError(error);
    }
  };

  /**
   * A file refused as unauthorised while the tracker's API still takes the connection: a client renews a dead token
   * or session on its own calls (Pyrus, PlanFix), never on the browser's downloads or a ZIP's fetches, so the file
   * is worth another try with a request built anew. A connection the API refuses too stays failed.
   */
  const stillConnected = async (job: DownloadJob, error: AppError): Promise<boolean> => {
    if (error.kind !== 'auth') return false;
    try {
      await (await clientFor(job.task)).whoAmI();
      return true;
    } catch {
      return false;
    }
  };

  /**
   * `when`: the stored job may still take this outcome (a settle's: still on that download). `retryable`: worth
   * another try, where the caller knows better than the error's kind.
   */
  const failOrRetry = async (
    job: DownloadJob,
    error: AppError,
    when: (stored: DownloadJob) => boolean = isActive,
    retryable = error.retryable,
  ): Promise<void> => {
    const next = nextAttempt(job.attempts, error, Date.now(), retryable || (await stillConnected(job, error)));
    if (next.retry) {
      const { attempts, notBefore } = next;
      const change = { state: 'queued' as const, attempts, notBefore, downloadId: undefined, error: error.toJSON() };
      await updateJob('downloads', job.id, change, when);
      return;
    }
    await updateJob('downloads', job.id, { state: 'failed', attempts: next.attempts, error: error.toJSON() }, when);
    if (!stopsTheTracker(error)) return;
    const sameTracker = (other: DownloadJob) => other.task.tracker === job.task.tracker;
    const waiting = ready.filter(sameTracker);
    ready = ready.filter((other) => !sameTracker(other));
    const failed = { state: 'failed' as const, error: error.toJSON() };
    for (const other of waiting)
      await updateJob('downloads', other.id, failed, (stored) => stored.state === 'starting');
    await failWaitingOfTracker('downloads', job.task.tracker, ['queued'], failed);
  };

  /** Where each job's file is fetched from; ZIP jobs (a blob of this worker life) and unknown ones are left out. */
  const sourcesOf = async (jobs: readonly DownloadJob[]): Promise<JobSource[]> => {
    const sources: JobSource[] = [];
    for (const job of jobs) {
      if (job.zip) continue;
      const url = await requestFor(job).then(
        (request) => request.url,
        () => undefined,
      );
      if (url !== undefined) sources.push({ job, url });
    }
    return sources;
  };

  /** A download that must not stay: stopped if still running, its file deleted if saved, and gone from the history. */
  const discardDownload = async (downloadId: number): Promise<void> => {
    await browser.downloads.cancel(downloadId).catch(() => undefined);
    await browser.downloads.removeFile(downloadId).catch(() => undefined);
    await browser.downloads.erase({ id: downloadId });
  };

  /** A download of ours that no job knows, asked its name with no launch under way: a stray if it fetches a job's file. */
  const discardIfStray = async (item: BrowserDownload): Promise<void> => {
    const active = (await Promise.all(activeDownloadStates.map((state) => jobsInState('downloads', state)))).flat();
    const others = active.filter((job) => job.downloadId !== item.id);
    if (strayDownloads(await sourcesOf(others), [item], browser.runtime.id, new Set()).length > 0)
      await discardDownload(item.id);
  };

  /**
   * Downloads another job has: on the job (running, or ended with it) or in the ledger (saved, its job since cleared).
   * A leftover is matched by name alone, and a file of its batch may be planned as `name (2).ext`: given such a
   * download, the leftover would be marked saved at the other file's path and its own file never fetched.
   */
  const ownedDownloads = async (
    leftovers: readonly DownloadJob[],
    downloads: readonly BrowserDownload[],
  ): Promise<Set<number>> => {
    const saved = await Promise.all([...new Set(leftovers.map((job) => job.taskKey))].map(ledgerOfTask));
    const session = await downloadSession();
    const owned = new Set(
      saved
        .flat()
        .flatMap((entry) =>
          entry.downloadId !== undefined && sameDownloadIn(entry.session, session) ? [entry.downloadId] : [],
        ),
    );
    for (const item of downloads)
      if (item.byExtensionId === browser.runtime.id && (await jobOfThisSession(item.id))) owned.add(item.id);
    return owned;
  };

  /**
   * Jobs a stopped worker left `starting`: one whose download the browser had already begun at its planned path is
   * followed from here (else it would be saved twice); the others start again, and any download of their files that
   * the browser named itself is discarded first.
   */
  const takeOverLeftovers = async (
    leftovers: readonly DownloadJob[],
    running: readonly DownloadJob[],
    session: string,
  ) => {
    const since = Math.min(...leftovers.map((job) => job.claimedAt ?? 0));
    const downloads = await browser.downloads.search({ startedAfter: new Date(since - 1).toISOString() });
    const taken = await ownedDownloads(leftovers, downloads);
    for (const job of running) if (job.downloadId !== undefined) taken.add(job.downloadId);
    const found = matchLeftovers(leftovers, downloads, browser.runtime.id, taken);
    const followed = new Set([...taken, ...[...found.values()].map((download) => download.id)]);
    const unmatched = leftovers.filter((job) => !found.has(job.id));
    const claimedAt = (job: DownloadJob) => job.claimedAt ?? Number.POSITIVE_INFINITY;
    const strays = strayDownloads(await sourcesOf(unmatched), downloads, browser.runtime.id, followed, claimedAt);
    for (const stray of strays) await discardDownload(stray.id);
    for (const job of leftovers) {
      const download = found.get(job.id);
      if (!download) {
        await updateJob('downloads', job.id, { state: 'queued' }, (stored) => stored.state === 'starting');
      } else if (await record({ kind: 'running', id: job.id, downloadId: download.id, session })) {
        await settle(download.id);
      }
    }
  };

  return {
    pump,

    drained,

    async enqueue(jobs: readonly DownloadJob[]): Promise<void> {
      await claimAndLaunch(jobs);
    },

    async cancel(id: string): Promise<void> {
      const job = await getJob('downloads', id);
      if (!job || !isActive(job)) return;
      // The download id as the cancel found it: a start written since the read above has one the read has not.
      const cancelled = await updateJob('downloads', id, { state: 'cancelled', error: undefined }, isActive);
      ready = ready.filter((waiting) => waiting.id !== id);
      const downloadId = cancelled?.downloadId;
      if (job.zip && job.state === 'starting' && downloadId === undefined) await zip.abort(id);
      if (downloadId !== undefined) await browser.downloads.cancel(downloadId).catch(() => undefined);
      queueChanged();
      await pump();
    },

    async retry(id: string): Promise<void> {
      await updateJob(
        'downloads',
        id,
        { state: 'queued', attempts: 0, notBefore: 0, error: undefined, downloadId: undefined },
        (stored) => stored.state === 'failed' || stored.state === 'cancelled',
      );
      await pump();
    },

    /**
     * The jobs with the progress of running ones read from the browser (the downloads API has no progress event).
     * Progress is not written back: one search per look instead of a write per running file.
     */
    async withLiveProgress(jobs: readonly DownloadJob[]): Promise<DownloadJob[]> {
      const withIds = jobs.filter((job) => job.state === 'running' && job.downloadId !== undefined);
      if (withIds.length === 0) return [...jobs];
      const session = await downloadSession();
      // A job of an earlier Firefox session is resync's to settle: its id may name another download now.
      const running = withIds.filter((job) => sameDownloadIn(job.session, session));
      const live = new Map((await browser.downloads.search({ state: 'in_progress' })).map((item) => [item.id, item]));
      for (const job of running) {
        // Finished or stopped without our having heard of it (the worker was asleep): settle it now.
        if (job.downloadId !== undefined && !live.has(job.downloadId)) await settle(job.downloadId, job);
      }
      return jobs.map((job) => {
        const item = job.downloadId === undefined ? undefined : live.get(job.downloadId);
        return job.state === 'running' && item
          ? { ...job, bytesReceived: item.bytesReceived, totalBytes: item.totalBytes }
          : job;
      });
    },

    /** Re-attaches to the browser's downloads after the worker was stopped, and refreshes progress. */
    async resync(): Promise<void> {
      const session = await downloadSession();
      const all = await jobsInState('downloads', 'running');
      const earlier = all.filter((job) => !sameDownloadIn(job.session, session));
      const running = all.filter((job) => !earlier.includes(job));
      for (const job of earlier) {
        const followed = await stillOwnDownload(job, session);
        if (followed) {
          running.push(followed);
          continue;
        }
        // Firefox numbers downloads anew in each session: the id now names another download, or none. Whether the
        // file was saved before the browser closed is unknown, so the user decides.
        const erased = new AppError('erased', { tracker: job.task.tracker });
        await failOrRetry(job, erased, (stored) => isActive(stored) && stored.downloadId === job.downloadId, false);
      }
      for (const job of running) if (job.downloadId !== undefined) await settle(job.downloadId, job);
      // Claimed in this worker life (a pump ran first), or begun in it with its start not written yet: not leftovers.
      const ownLaunches = new Set([...startedHere.values()].map((job) => job.id));
      const leftovers = (await jobsInState('downloads', 'starting')).filter(
        (job) => !launching.has(job.id) && !ownLaunches.has(job.id) && !ready.some((waiting) => waiting.id === job.id),
      );
      if (leftovers.length > 0) {
        leftoversFound = true;
        await takeOverLeftovers(leftovers, running, session);
      }
      await pump();
    },

    /** Follows the browser's downloads: their ends and errors, and the names Chromium asks for again. */
    listen(): void {
      keepPlannedPaths({
        known: (downloadId) => startedHere.get(downloadId),
        load: jobByDownloadId,
        launchUnderWay: () => launching.size > 0,
        unknown: (item) => {
          if (leftoversFound) void discardIfStray(item);
        },
      });
      browser.downloads.onChanged.addListener((delta) => {
        // Progress is read when someone looks (withLiveProgress); only an end or an error needs handling.
        if (!delta.state && !delta.error) return;
        const known = startedHere.get(delta.id);
        if (delta.state && delta.state.current !== 'in_progress') freeSlot(delta.id);
        void settle(delta.id, known);
      });
    },
  };
}
