import browser from 'webextension-polyfill';
import { apiForTask } from '../background/apis';
import { AppError } from '../errors';
import { fetchClient } from '../http/client';
import { errorForStatus } from '../http/responses';
import { backoffDelay, defaultRetryPolicy } from '../http/retry';
import { parseRetryAfter } from '../http/retry-after';
import { queueChanged } from '../queue/changes';
import { currentPreferences, defaultPreferences } from '../settings/preferences';
import type { DownloadRequest } from '../trackers/types';
import { abortZip, buildZipUrl, discardZip } from '../zip/client';
import type { ZipEntry } from '../zip/protocol';
import { classifyInterrupt } from './interrupt';
import { type DownloadJob, isActive } from './job';
import { downloadJobKnown, keepPlannedPaths } from './keep-planned-path';
import { ledgerKey } from './ledger-entry';
import { matchLeftovers } from './leftovers';
import {
  type Claimed,
  claimReady,
  getJob,
  type JobWrite,
  jobByDownloadId,
  jobsInState,
  putJobs,
  updateJob,
  writeAndClaim,
} from './store';

/** Chromium runs at most 6 downloads per host; more only wait inside the browser where we cannot see them. */
const browserPerHostLimit = 6;
const maxAttempts = 5;
const wakeAlarm = 'downloads-wake';

/**
 * The downloads this worker life knows to be under way, by browser download id, so a download's end finds its job
 * without a database read. After a worker restart `resync` fills it from the stored `downloadId`s.
 */
const startedHere = new Map<number, DownloadJob>();
/** Jobs whose `start` has not yet had its download id from the browser. */
const launching = new Set<string>();
/**
 * Claimed jobs (`starting` in the database) not launched yet. Up to one more set than the limit is claimed, so a
 * finished download hands its place on at once, without waiting for a database commit.
 */
let ready: DownloadJob[] = [];
/** The preference as of the last claim, so a freed place can be filled without waiting for a storage read. */
let limit = defaultPreferences.parallelDownloads;

function inFlight(): number {
  return launching.size + startedHere.size;
}

/** Nothing claimed, starting, running or being written in this worker life. */
export function drained(): boolean {
  return ready.length === 0 && inFlight() === 0 && pendingWrites.length === 0;
}

function launchReady(): void {
  while (inFlight() < limit) {
    const job = ready.shift();
    if (!job) return;
    launching.add(job.id);
    void start(job);
  }
}

let pumpRequested = false;
let pumping: Promise<void> | undefined;

/**
 * Starts queued jobs while there is room. One pump runs at a time, so two never claim the same job; calls that come
 * while it runs (every finished file makes one) fold into one more pass.
 */
export function pump(): Promise<void> {
  pumpRequested = true;
  pumping ??= (async () => {
    try {
      while (pumpRequested) {
        pumpRequested = false;
        await pumpOnce().catch((error: unknown) => console.error('TrackerDrop: download queue', error));
      }
    } finally {
      pumping = undefined;
    }
  })();
  return pumping;
}

/** What may be claimed (`starting` or `running` in the database): the running ones and as many in reserve. */
async function claimLimit(): Promise<number> {
  const { parallelDownloads } = await currentPreferences();
  limit = Math.max(1, Math.min(parallelDownloads, browserPerHostLimit));
  return 2 * limit;
}

async function pumpOnce(): Promise<void> {
  launch(await claimReady(await claimLimit(), Date.now()));
  queueChanged();
}

/**
 * Starts are not awaited: `downloads.download` resolves only once the response has begun, and nothing should wait
 * for each file in turn. The claim already counts them as busy.
 */
function launch({ claimed, nextStart }: Claimed): void {
  ready.push(...claimed);
  launchReady();
  if (nextStart !== undefined) scheduleWake(nextStart);
}

function scheduleWake(when: number): void {
  setTimeout(() => void pump(), Math.max(0, when - Date.now()) + 10);
  // The worker may be gone by then: an alarm brings it back (Chrome rounds alarms up to 30 s).
  void browser.alarms.create(wakeAlarm, { when: Math.max(when, Date.now() + 30_000) });
}

interface PendingWrite {
  write: JobWrite;
  done: (job: DownloadJob | undefined) => void;
  fail: (error: unknown) => void;
}
const pendingWrites: PendingWrite[] = [];
let writing = false;

/**
 * Records a job's start or end; resolves with the job as stored, or undefined where its state no longer allowed the
 * write. Writes that come while one is being committed wait and go together in the next transaction (see
 * `writeAndClaim`), which also claims the room their ends freed.
 */
function record(write: JobWrite): Promise<DownloadJob | undefined> {
  return new Promise((done, fail) => {
    pendingWrites.push({ write, done, fail });
    if (!writing) void writeAll();
  });
}

async function writeAll(): Promise<void> {
  writing = true;
  try {
    while (pendingWrites.length > 0) await writeBatch(pendingWrites.splice(0));
  } finally {
    writing = false;
  }
}

async function writeBatch(batch: readonly PendingWrite[]): Promise<void> {
  try {
    const written = await writeAndClaim(
      batch.map(({ write }) => write),
      { limit: await claimLimit(), now: Date.now() },
    );
    for (const [index, { done }] of batch.entries()) done(written.applied[index]);
    launch(written);
  } catch (error) {
    for (const { fail } of batch) fail(error);
  }
}

async function requestFor(job: DownloadJob): Promise<DownloadRequest> {
  return (await apiForTask(job.task)).downloadRequest(job.task, job.attachment);
}

/** A ZIP job's file: built (and its entries fetched) in the offscreen document, then saved from a blob URL. */
async function zipRequest(
  job: DownloadJob,
  entries: NonNullable<DownloadJob['zip']>['entries'],
): Promise<DownloadRequest> {
  const api = await apiForTask(job.task);
  const order: ZipEntry[] = [];
  for (const entry of entries) {
    order.push({
      path: entry.path,
      size: entry.attachment.size,
      request: await api.downloadRequest(job.task, entry.attachment),
    });
  }
  const stillStarting = (stored: DownloadJob) => stored.state === 'starting';
  const { url } = await buildZipUrl({ jobId: job.id, tracker: job.task.tracker, entries: order }, (bytes) => {
    void updateJob(job.id, { bytesReceived: bytes }, stillStarting).then(queueChanged);
  });
  return { url, headers: [] };
}

/** Starts the browser download of a claimed (`starting`) job. */
async function start(job: DownloadJob): Promise<void> {
  try {
    const request = job.zip ? await zipRequest(job, job.zip.entries) : await requestFor(job);
    if (job.zip && (await getJob(job.id))?.state !== 'starting') {
      // Cancelled while the ZIP was being built.
      launchEnded(job.id);
      await discardZip(job.id);
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
      forgetAfterSave: request.forgetAfterSave,
    });
    if (!started) {
      // Cancelled while the browser was starting it.
      startedHere.delete(downloadId);
      await browser.downloads.cancel(downloadId).catch(() => undefined);
    }
  } catch (error) {
    launchEnded(job.id);
    await failOrRetry(job, error instanceof AppError ? error : new AppError('unexpected', { detail: String(error) }));
    queueChanged();
    void pump();
  }
}

/** Brings a job in line with its browser download: progress, completion or interruption. Idempotent. */
export async function settle(downloadId: number, known?: DownloadJob): Promise<void> {
  const job = known ?? startedHere.get(downloadId) ?? (await jobByDownloadId(downloadId));
  if (!job || !isActive(job)) return;
  const [item] = await browser.downloads.search({ id: downloadId });
  if (!item) return;
  if (item.state === 'in_progress') startedHere.set(downloadId, job);
  else freeSlot(downloadId);
  if (item.state === 'complete') {
    const attachments = job.zip ? job.zip.entries.map((entry) => entry.attachment) : [job.attachment];
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
        savedAt: Date.now(),
      })),
    });
    if (job.forgetAfterSave) await browser.downloads.erase({ id: downloadId });
  } else if (item.state === 'interrupted') {
    const verdict = classifyInterrupt(item.error);
    if (verdict.kind === 'cancelled' && !verdict.retry) {
      await updateJob(job.id, { state: 'cancelled' }, isActive);
    } else if (verdict.retry) {
      // Chromium resumes some failures by itself: stop this download for good before the file is fetched again
      // (else both would be saved), unless it finished meanwhile.
      await browser.downloads.cancel(downloadId).catch(() => undefined);
      const [after] = await browser.downloads.search({ id: downloadId });
      if (after?.state === 'complete') return settle(downloadId, job);
      await failOrRetry(job, await probe(job, verdict.kind));
    } else {
      await failOrRetry(job, new AppError(verdict.kind, { tracker: job.task.tracker, code: item.error }));
    }
  }
  // Still in progress: nothing to write (progress is read live when someone looks).
  if (item.state === 'in_progress') return;
  if (job.zip) await discardZip(job.id);
  queueChanged();
  // A finished file already handed its place on; a failed or cancelled one frees it here.
  if (item.state !== 'complete') void pump();
}

/** A download ended: its place goes to the next ready job at once, before any bookkeeping. */
function freeSlot(downloadId: number): void {
  if (startedHere.delete(downloadId)) launchReady();
}

/** A launch ended without a download (cancelled or failed before the browser began): its place goes on too. */
function launchEnded(jobId: string): void {
  if (launching.delete(jobId)) launchReady();
}

/** The downloads API hides the HTTP status: ask the tracker once more to learn it (and any Retry-After). */
async function probe(job: DownloadJob, fallback: AppError['kind']): Promise<AppError> {
  try {
    const request = await requestFor(job);
    const headers = Object.fromEntries(request.headers.map((header) => [header.name, header.value]));
    const response = await fetchClient({
      url: request.url,
      method: request.method,
      headers: { ...headers, Range: 'bytes=0-0' },
      body: request.body,
      redirect: 'follow',
      timeoutMs: 30_000,
    });
    await response.arrayBuffer();
    if (response.status >= 400) return errorForStatus(job.task.tracker, response);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return new AppError(fallback, { tracker: job.task.tracker, retryAfterMs });
  } catch (error) {
    return error instanceof AppError ? error : new AppError(fallback, { tracker: job.task.tracker });
  }
}

async function failOrRetry(job: DownloadJob, error: AppError): Promise<void> {
  const attempts = job.attempts + 1;
  if (error.retryable && attempts < maxAttempts) {
    const delay = backoffDelay(attempts - 1, defaultRetryPolicy, error);
    await updateJob(
      job.id,
      { state: 'queued', attempts, notBefore: Date.now() + delay, downloadId: undefined, error: error.toJSON() },
      isActive,
    );
    return;
  }
  await updateJob(job.id, { state: 'failed', attempts, error: error.toJSON() }, isActive);
  if (error.kind === 'auth' || error.kind === 'not-configured') await failQueuedOfTracker(job, error);
}

/** A rejected token fails every waiting file of that tracker at once: the user reconnects, we do not hammer. */
async function failQueuedOfTracker(job: DownloadJob, error: AppError): Promise<void> {
  const sameTracker = (other: DownloadJob) => other.task.tracker === job.task.tracker;
  const waiting = ready.filter(sameTracker);
  ready = ready.filter((other) => !sameTracker(other));
  for (const other of [...waiting, ...(await jobsInState('queued')).filter(sameTracker)]) {
    await updateJob(other.id, { state: 'failed', error: error.toJSON() }, (stored) => stored.state === other.state);
  }
}

export async function enqueue(jobs: readonly DownloadJob[]): Promise<void> {
  await putJobs(jobs);
  await pump();
}

export async function cancelJob(id: string): Promise<void> {
  const job = await getJob(id);
  if (!job || !isActive(job)) return;
  await updateJob(id, { state: 'cancelled', error: undefined }, isActive);
  ready = ready.filter((waiting) => waiting.id !== id);
  if (job.zip && job.state === 'starting') await abortZip(id);
  if (job.downloadId !== undefined) await browser.downloads.cancel(job.downloadId).catch(() => undefined);
  queueChanged();
  await pump();
}

export async function retryJob(id: string): Promise<void> {
  await updateJob(
    id,
    { state: 'queued', attempts: 0, notBefore: 0, error: undefined, downloadId: undefined },
    (stored) => stored.state === 'failed' || stored.state === 'cancelled',
  );
  await pump();
}

/**
 * The jobs with the progress of running ones read from the browser (the downloads API has no progress event).
 * Progress is not written back: one search per look instead of a write per running file.
 */
export async function withLiveProgress(jobs: readonly DownloadJob[]): Promise<DownloadJob[]> {
  const running = jobs.filter((job) => job.state === 'running' && job.downloadId !== undefined);
  if (running.length === 0) return [...jobs];
  const live = new Map((await browser.downloads.search({ state: 'in_progress' })).map((item) => [item.id, item]));
  for (const job of running) {
    // Finished or stopped without our having heard of it (the worker was asleep): settle it now.
    if (job.downloadId !== undefined && !live.has(job.downloadId)) await settle(job.downloadId);
  }
  return jobs.map((job) => {
    const item = job.downloadId === undefined ? undefined : live.get(job.downloadId);
    return job.state === 'running' && item
      ? { ...job, bytesReceived: item.bytesReceived, totalBytes: item.totalBytes }
      : job;
  });
}

/** Re-attaches to the browser's downloads after the worker was stopped, and refreshes progress. */
export async function resync(): Promise<void> {
  const running = await jobsInState('running');
  for (const job of running) if (job.downloadId !== undefined) await settle(job.downloadId);
  // Claimed in this worker life (a pump ran first): not leftovers.
  const leftovers = (await jobsInState('starting')).filter(
    (job) => !launching.has(job.id) && !ready.some((waiting) => waiting.id === job.id),
  );
  if (leftovers.length > 0) await takeOverLeftovers(leftovers, running);
  await pump();
}

/**
 * Jobs a stopped worker left `starting`: one whose download the browser had already begun is followed from here
 * (else it would be saved twice); the others start again.
 */
async function takeOverLeftovers(leftovers: readonly DownloadJob[], running: readonly DownloadJob[]): Promise<void> {
  const since = Math.min(...leftovers.map((job) => job.claimedAt ?? 0));
  const downloads = await browser.downloads.search({ startedAfter: new Date(since - 1).toISOString() });
  const taken = new Set(running.flatMap((job) => (job.downloadId === undefined ? [] : [job.downloadId])));
  const found = matchLeftovers(leftovers, downloads, browser.runtime.id, taken);
  for (const job of leftovers) {
    const download = found.get(job.id);
    if (!download) {
      await updateJob(job.id, { state: 'queued' }, (stored) => stored.state === 'starting');
    } else if (await record({ kind: 'running', id: job.id, downloadId: download.id })) {
      await settle(download.id);
    }
  }
}

export function registerDownloadEvents(): void {
  keepPlannedPaths((downloadId) => startedHere.get(downloadId), jobByDownloadId);
  browser.downloads.onChanged.addListener((delta) => {
    // Progress is read when someone looks (withLiveProgress); only an end or an error needs handling.
    if (!delta.state && !delta.error) return;
    const known = startedHere.get(delta.id);
    if (delta.state && delta.state.current !== 'in_progress') freeSlot(delta.id);
    void settle(delta.id, known);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === wakeAlarm) void pump();
  });
}
