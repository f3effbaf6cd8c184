import { AppError } from '../errors';
import { backoffDelay, defaultRetryPolicy, refusedBeforeProcessing } from '../http/retry';
import type { TrackerId } from '../trackers/registry';
import type { Attachment, TrackerApi } from '../trackers/types';
import { inState, isActiveUpload, type UploadJob, unsettledStates } from './job';
import { allUploads, deleteChunks, getUpload, updateUpload, uploadedBytes } from './store';

/** What the runner needs from where it runs (Chrome's offscreen document, Firefox's background page). */
export interface UploadEnvironment {
  apiFor(tracker: TrackerId): Promise<TrackerApi>;
  parallelUploads: number;
  /** Every job of the batch has finished (done, failed or cancelled). */
  onBatchFinished(batchId: string): void;
}

const maxAttempts = 5;
const progressWriteMs = 300;

/**
 * How long a tracker may still be handling a request whose answer never came (a closed browser, a cut connection)
 * before a settle that finds nothing may send the file again: half a minute, and a second more per 10 MB it has to
 * take in. A request the tracker answered (even with an error) is never waited for.
 */
export function settleGraceMs(size: number): number {
  return 30_000 + Math.ceil(size / 10_000);
}

const running = new Map<string, AbortController>();
let environment: UploadEnvironment | undefined;
let pumping: Promise<void> = Promise.resolve();
let wake: ReturnType<typeof setTimeout> | undefined;

function asTrackerError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('unexpected', { detail: String(error) });
}

/**
 * Moves every upload job forward: queued -> uploading -> uploaded -> attaching -> done. The state is written before
 * each step, so a runner that dies midway leaves a job in `uploading` or `attaching`; the next runner settles that
 * by asking the tracker before sending anything again. One pump at a time, so no job is claimed twice.
 */
export function runUploads(env: UploadEnvironment): Promise<void> {
  environment = env;
  pumping = pumping.then(pumpOnce).catch((error: unknown) => console.error('TrackerDrop: upload queue', error));
  return pumping;
}

/** Stops a running transfer at once (the job's state was already set by whoever cancelled it). */
export function abortUpload(jobId: string): void {
  running.get(jobId)?.abort(new AppError('cancelled'));
}

async function pumpOnce(): Promise<void> {
  const env = environment;
  if (!env) return;
  const now = Date.now();
  const active = (await allUploads()).filter(isActiveUpload).sort((a, b) => a.createdAt - b.createdAt);
  const busy = new Map<TrackerId, number>();
  for (const job of active) {
    if (running.has(job.id)) busy.set(job.task.tracker, (busy.get(job.task.tracker) ?? 0) + 1);
  }
  const attachable = batchesReadyToAttach(active);
  for (const job of active) {
    if (running.has(job.id) || job.notBefore > now) continue;
    const tracker = job.task.tracker;
    if ((busy.get(tracker) ?? 0) >= env.parallelUploads) continue;
    const isLeftover = unsettledStates.includes(job.state);
    const batch = attachable.get(job.batchId);
    if (job.state === 'queued' || isLeftover) {
      busy.set(tracker, (busy.get(tracker) ?? 0) + 1);
      void step(env, [job], isLeftover ? settleLeftover : upload);
    } else if (job.state === 'uploaded' && batch) {
      attachable.delete(job.batchId);
      busy.set(tracker, (busy.get(tracker) ?? 0) + 1);
      void step(env, batch, attach);
    }
  }
  const waiting = active.filter((job) => !running.has(job.id) && job.notBefore > now);
  if (wake) clearTimeout(wake);
  if (waiting.length > 0) {
    wake = setTimeout(() => void runUploads(env), Math.min(...waiting.map((job) => job.notBefore)) - now + 10);
  }
}

/** Uploaded files of a batch are attached together (one comment) once none of the batch is still uploading. */
function batchesReadyToAttach(active: readonly UploadJob[]): Map<string, UploadJob[]> {
  const batches = new Map<string, UploadJob[]>();
  for (const job of active) batches.set(job.batchId, [...(batches.get(job.batchId) ?? []), job]);
  const ready = new Map<string, UploadJob[]>();
  for (const [batchId, jobs] of batches) {
    if (jobs.every((job) => job.state === 'uploaded' && !running.has(job.id) && job.notBefore <= Date.now())) {
      ready.set(batchId, jobs);
    }
  }
  return ready;
}

type Step = (api: TrackerApi, jobs: UploadJob[], signal: AbortSignal) => Promise<void>;

async function step(env: UploadEnvironment, jobs: UploadJob[], work: Step): Promise<void> {
  const first = jobs[0];
  if (!first) return;
  const controller = new AbortController();
  for (const job of jobs) running.set(job.id, controller);
  try {
    await work(await env.apiFor(first.task.tracker), jobs, controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) for (const job of jobs) await failOrRetry(job, asTrackerError(error));
  } finally {
    for (const job of jobs) running.delete(job.id);
    await announceFinished(env, jobs);
    void runUploads(env);
  }
}

function landedSince(job: UploadJob, found: readonly Attachment[]): Attachment | undefined {
  const before = new Set(job.matchingBefore ?? []);
  return found.find((attachment) => !before.has(attachment.id));
}

/** Marks the jobs done, and only then drops their stored bytes: the user sees the outcome without waiting for that. */
async function finish(jobs: readonly UploadJob[], from: UploadJob['state']): Promise<void> {
  const done: UploadJob[] = [];
  for (const job of jobs) {
    const change = { state: 'done' as const, error: undefined, bytesSent: job.size };
    if (await updateUpload(job.id, change, inState(from))) done.push(job);
  }
  for (const job of done) await deleteChunks(job.id);
}

const upload: Step = async (api, [queued], signal) => {
  if (!queued) return;
  let job = queued;
  if (job.matchingBefore === undefined) {
    const found = await api.findAttached(job.task, { name: job.name, size: job.size }, signal);
    const matchingBefore = found.map((attachment) => attachment.id);
    job = (await updateUpload(job.id, { matchingBefore }, inState('queued'))) ?? job;
  }
  const claimed = await updateUpload(
    job.id,
    { state: 'uploading', bytesSent: 0, sentAt: undefined },
    inState('queued'),
  );
  if (!claimed) return;
  let lastWrite = 0;
  let result: Awaited<ReturnType<TrackerApi['upload']>>;
  try {
    result = await api.upload(
      job.task,
      { name: job.name, size: job.size, type: job.type || undefined, blob: await uploadedBytes(job) },
      {
        signal,
        asNewVersion: job.asNewVersion,
        onProgress: (sentBytes, totalBytes) => {
          // The last byte went out: from now on the tracker may have the file even if no answer ever comes.
          const whole = sentBytes >= totalBytes;
          if (!whole && Date.now() - lastWrite < progressWriteMs) return;
          lastWrite = Date.now();
          const change = whole ? { bytesSent: sentBytes, sentAt: Date.now() } : { bytesSent: sentBytes };
          void updateUpload(job.id, change, inState('uploading'));
        },
      },
    );
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') return settleNameTaken(api, claimed, signal);
    throw error;
  }
  if (result.attached) await finish([job], 'uploading');
  else
    await updateUpload(
      job.id,
      { state: 'uploaded', remoteRef: result.remoteRef, sentAt: undefined },
      inState('uploading'),
    );
};

/**
 * The tracker refused the name as taken (PlanFix 9006). After an unanswered try that file may be this one: only a
 * file that was there before makes it a new version.
 */
async function settleNameTaken(api: TrackerApi, job: UploadJob, signal: AbortSignal): Promise<void> {
  const found = await api.findAttached(job.task, { name: job.name, size: job.size }, signal);
  if (landedSince(job, found)) return finish([job], 'uploading');
  await updateUpload(job.id, { state: 'queued', asNewVersion: true, sentAt: undefined }, inState('uploading'));
}

const attach: Step = async (api, jobs, signal) => {
  const claimed: UploadJob[] = [];
  for (const job of jobs) {
    const updated = await updateUpload(job.id, { state: 'attaching' }, inState('uploaded'));
    if (updated?.remoteRef) claimed.push(updated);
  }
  const first = claimed[0];
  if (!first || signal.aborted) return;
  // The attach request is small: it is out as soon as it is sent.
  for (const job of claimed) await updateUpload(job.id, { sentAt: Date.now() }, inState('attaching'));
  await api.attach(
    first.task,
    claimed.map((job) => ({ remoteRef: job.remoteRef ?? '', name: job.name })),
    first.comment,
  );
  await finish(claimed, 'attaching');
};

/**
 * A job left midway (by a runner that died, or a request that got no answer): did the tracker get it? Only then is
 * it done. A request that went out whole and was never answered may still be in the tracker's hands: it is given
 * `settleGraceMs` before the step runs again.
 */
const settleLeftover: Step = async (api, [job], signal) => {
  if (!job) return;
  // Without a record of what was there before, nothing was sent yet: there is nothing to settle.
  const found = job.matchingBefore ? await api.findAttached(job.task, { name: job.name, size: job.size }, signal) : [];
  if (landedSince(job, found)) return finish([job], job.state);
  const waitUntil = job.sentAt === undefined ? 0 : job.sentAt + settleGraceMs(job.size);
  if (waitUntil > Date.now()) {
    await updateUpload(job.id, { notBefore: waitUntil }, inState(job.state));
    return;
  }
  const retry = job.state === 'attaching' && job.remoteRef ? 'uploaded' : 'queued';
  await updateUpload(job.id, { state: retry, bytesSent: 0, sentAt: undefined }, inState(job.state));
};

/**
 * Refused before processing (429, 503): the same step again after the wait. Any other retryable failure leaves it
 * unknown whether the tracker kept the file, so the job stays in its unsettled state and is settled first.
 */
async function failOrRetry(job: UploadJob, error: AppError): Promise<void> {
  const stored = await getUpload(job.id);
  if (!stored || !isActiveUpload(stored)) return;
  const attempts = stored.attempts + 1;
  // An answer (any HTTP status) means the tracker is done with the request; only silence leaves it in its hands.
  const sentAt = error.details.status === undefined ? stored.sentAt : undefined;
  if (error.retryable && attempts < maxAttempts) {
    const notBefore = Date.now() + backoffDelay(attempts - 1, defaultRetryPolicy, error);
    const state = refusedBeforeProcessing(error) ? beforeStep(stored.state) : stored.state;
    await updateUpload(job.id, { state, attempts, notBefore, sentAt, error: error.toJSON() }, inState(stored.state));
    return;
  }
  await updateUpload(job.id, { state: 'failed', attempts, error: error.toJSON() }, inState(stored.state));
  if (error.kind === 'auth' || error.kind === 'not-configured') await failQueuedOfTracker(job.task.tracker, error);
}

function beforeStep(state: UploadJob['state']): UploadJob['state'] {
  if (state === 'uploading') return 'queued';
  if (state === 'attaching') return 'uploaded';
  return state;
}

/** A rejected token fails every waiting file of that tracker at once: the user reconnects, we do not hammer. */
async function failQueuedOfTracker(tracker: TrackerId, error: AppError): Promise<void> {
  for (const job of await allUploads()) {
    if (job.task.tracker === tracker && (job.state === 'queued' || job.state === 'uploaded')) {
      await updateUpload(job.id, { state: 'failed', error: error.toJSON() }, inState('queued', 'uploaded'));
    }
  }
}

async function announceFinished(env: UploadEnvironment, jobs: readonly UploadJob[]): Promise<void> {
  const batchIds = new Set(jobs.map((job) => job.batchId));
  const all = await allUploads();
  for (const batchId of batchIds) {
    const batch = all.filter((job) => job.batchId === batchId);
    if (batch.some(isActiveUpload) || batch.every((job) => job.announced)) continue;
    for (const job of batch) await updateUpload(job.id, { announced: true });
    env.onBatchFinished(batchId);
  }
}
