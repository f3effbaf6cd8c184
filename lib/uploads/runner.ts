import { AppError, asAppError } from '../errors';
import { refusedBeforeProcessing } from '../http/retry';
import { serialPump } from '../jobs/pump';
import { inState, isActiveUpload, type UploadJob, type UploadState, unsettledStates } from '../jobs/records';
import { nextAttempt, stopsTheTracker } from '../jobs/retry';
import { settle } from '../jobs/settle';
import { activeUploads, failWaitingOfTracker, getJob, updateJob, uploadsOfTasks } from '../jobs/store';
import { trackerOf } from '../trackers/registry';
import { nameHeldInTask, type TrackerApi, uploadsExpired } from '../trackers/types';
import { fetchSourceIntoChunks } from './copy-fetch';
import { copyNames } from './copy-plan';
import { deleteChunks, markBatchAnnounced, uploadedBytes } from './store';

/** A batch whose jobs have all finished, and the task they went to (a batch is one task's). */
export type FinishedBatch = Pick<UploadJob, 'batchId' | 'taskKey'>;

/** What the runner needs from where it runs (Chrome's offscreen document, Firefox's background page, a test). */
export interface UploadEnvironment {
  apiFor(tracker: string): Promise<TrackerApi>;
  /** The client a copy reads its source with (fetch, which follows a tracker's redirect to its storage); else `apiFor`. */
  sourceApiFor?(tracker: string): Promise<TrackerApi>;
  parallelUploads: number;
  /** Every job of the batch has finished (done, failed or cancelled). */
  batchFinished(batch: FinishedBatch): void;
  /** How far an upload is, a few times a second. */
  progressed(jobId: string, bytesSent: number): void;
}

/** How often progress is told (for the toolbar) and written (for a runner that comes after this one). */
const progressTellMs = 100;
const progressWriteMs = 1000;

const running = new Map<string, AbortController>();
let environment: UploadEnvironment | undefined;
let wake: ReturnType<typeof setTimeout> | undefined;

const update = (id: string, change: Partial<UploadJob>, when?: (job: UploadJob) => boolean) =>
  updateJob('uploads', id, change, when);

const pump = serialPump(async () => {
  if (environment) await pumpOnce(environment);
}, 'upload queue');

/**
 * The upload executor on the job core. Moves every upload job forward: (fetching ->) queued -> uploading ->
 * uploaded -> attaching -> done (docs/queues.md). The state is written before each step, so a runner that dies midway leaves a job in
 * `uploading` or `attaching`; the next one settles it by asking the tracker before sending anything again. One pass
 * at a time, so no job is claimed twice.
 */
export function runUploads(env: UploadEnvironment): Promise<void> {
  environment = env;
  return pump();
}

/**
 * Stops a running step at once. Whoever cancelled the job set its state already, or marked it `cancelling`: then the
 * step's end brings the next pass, which settles it.
 */
export function abortUpload(jobId: string): void {
  running.get(jobId)?.abort(new AppError('cancelled'));
}

/**
 * Whether a cancel must ask the tracker before it ends the job: the upload itself attaches the file (not a later
 * comment), and the whole body may be out, so the file may be on the task already.
 */
export function mayBeAttachedAlready(job: UploadJob): boolean {
  return (
    job.state === 'uploading' &&
    job.sentAt !== undefined &&
    !trackerOf(job.task.tracker).capabilities.attachesThroughComment
  );
}

/** Batches with every file stored: a hand-off stores its files one by one (store.ts). */
function wholeBatches(all: readonly UploadJob[]): Set<string> {
  const arriving = new Set(all.filter((job) => job.arriving).map((job) => job.batchId));
  return new Set(all.map((job) => job.batchId).filter((batchId) => !arriving.has(batchId)));
}

/**
 * A file may go before the rest of its batch is stored only where sending it attaches nothing: files that join the
 * task in a comment (Pyrus, Yandex Tracker) wait, sent, for the batch's comment. Elsewhere the upload attaches the
 * file, so it waits for the whole batch: a hand-off that fails halfway must leave nothing attached.
 */
const mayGoBeforeBatchIsWhole = (job: UploadJob) => trackerOf(job.task.tracker).capabilities.attachesThroughComment;

async function pumpOnce(env: UploadEnvironment): Promise<void> {
  const now = Date.now();
  const active = (await activeUploads()).sort((a, b) => a.createdAt - b.createdAt);
  const whole = wholeBatches(await uploadsOfTasks(active.map((job) => job.taskKey)));
  const busy = new Map<string, number>();
  const take = (tracker: string) => busy.set(tracker, (busy.get(tracker) ?? 0) + 1);
  for (const job of active) if (running.has(job.id)) take(job.task.tracker);
  const attachable = batchesReadyToAttach(active, whole);
  for (const job of active) {
    if (job.cancelling && job.state === 'queued') {
      await endCancelled(env, job);
      continue;
    }
    if (running.has(job.id) || job.notBefore > now || job.awaitingBytes) continue;
    const tracker = job.task.tracker;
    if ((busy.get(tracker) ?? 0) >= env.parallelUploads) continue;
    const isLeftover = unsettledStates.includes(job.state);
    const batch = attachable.get(job.batchId);
    if (job.state === 'queued' && !whole.has(job.batchId) && !mayGoBeforeBatchIsWhole(job)) continue;
    if (job.state === 'queued' || isLeftover) {
      take(tracker);
      void (isLeftover ? step(env, [job], settleLeftover, 'asks') : step(env, [job], upload));
    } else if (job.state === 'uploaded' && batch) {
      attachable.delete(job.batchId);
      take(tracker);
      void step(env, batch, attach);
    } else if (job.state === 'fetching') {
      take(tracker);
      void step(env, [job], fetchSource);
    }
  }
  const waiting = active.filter((job) => !running.has(job.id) && job.notBefore > now);
  if (wake) clearTimeout(wake);
  if (waiting.length > 0) {
    // The latest environment, not this pass's: a kick since may carry new credentials or preferences.
    wake = setTimeout(() => void pump(), Math.min(...waiting.map((job) => job.notBefore)) - now + 10);
  }
}

/**
 * A file the user cancelled once it might have landed (`cancelling`) that a step found not on the task and put back
 * to be sent again: it ends cancelled instead. Every step that sends a file back goes through the queue, so this one
 * place covers them all, and a runner that stops between the two writes leaves it for the next one.
 */
async function endCancelled(env: UploadEnvironment, job: UploadJob): Promise<void> {
  const cancelled = await update(
    job.id,
    { state: 'cancelled', sentAt: undefined, error: undefined },
    (stored) => stored.state === 'queued' && stored.cancelling === true,
  );
  if (!cancelled) return;
  await deleteChunks(job.id);
  await announceFinished(env.batchFinished, [cancelled]);
}

/**
 * Uploaded files of a batch are attached together (one comment) once the batch is whole and none of it is still
 * uploading.
 */
function batchesReadyToAttach(active: readonly UploadJob[], whole: ReadonlySet<string>): Map<string, UploadJob[]> {
  const batches = new Map<string, UploadJob[]>();
  for (const job of active) {
    if (whole.has(job.batchId)) batches.set(job.batchId, [...(batches.get(job.batchId) ?? []), job]);
  }
  const ready = new Map<string, UploadJob[]>();
  for (const [batchId, jobs] of batches) {
    if (jobs.every((job) => job.state === 'uploaded' && !running.has(job.id) && job.notBefore <= Date.now())) {
      ready.set(batchId, jobs);
    }
  }
  return ready;
}

type Step = (api: TrackerApi, jobs: UploadJob[], signal: AbortSignal, env: UploadEnvironment) => Promise<void>;

/**
 * `asks`: the step only asks the tracker what happened (settling): its failure changed nothing there, so the job
 * keeps its state and its grace (else a refused lookup would send a file that may have landed once more).
 */
async function step(env: UploadEnvironment, jobs: UploadJob[], work: Step, asks?: 'asks'): Promise<void> {
  const first = jobs[0];
  if (!first) return;
  const controller = new AbortController();
  for (const job of jobs) running.set(job.id, controller);
  const ended = [...jobs];
  try {
    await work(await env.apiFor(first.task.tracker), jobs, controller.signal, env);
  } catch (error) {
    if (!controller.signal.aborted)
      for (const job of jobs) ended.push(...(await failOrRetry(job, asAppError(error), asks === 'asks')));
  } finally {
    for (const job of jobs) running.delete(job.id);
    await announceFinished(env.batchFinished, ended);
    // With the latest environment: a step that began before a reconnect must not bring the old credentials back.
    void pump();
  }
}

/** Marks the jobs done, and only then drops their stored bytes: the user sees the outcome without waiting for that. */
async function finish(jobs: readonly UploadJob[], ...from: UploadState[]): Promise<void> {
  const done: UploadJob[] = [];
  for (const job of jobs) {
    if (await update(job.id, { state: 'done', error: undefined, bytesSent: job.size }, inState(...from)))
      done.push(job);
  }
  for (const job of done) await deleteChunks(job.id);
}

const upload: Step = async (api, [queued], signal, env) => {
  if (!queued) return;
  let job = queued;
  if (job.matchingBefore === undefined) {
    const found = await api.findAttached(job.task, { name: job.name, size: job.size }, signal);
    const matchingBefore = found.map((attachment) => attachment.id);
    job = (await update(job.id, { matchingBefore }, inState('queued'))) ?? job;
  }
  // The whole body may be out before the first progress is seen: until a progress says otherwise, it may have landed.
  const claimed = await update(
    job.id,
    { state: 'uploading', bytesSent: 0, sentAt: Date.now() },
    (stored) => stored.state === 'queued' && !stored.cancelling,
  );
  if (!claimed) return;
  let lastTell = 0;
  // The claim wrote `sentAt`: the first progress write comes a whole interval later, so what it measures is a rate.
  // Written at once, the first bytes of a fast upload would look like a second's worth and clear `sentAt`.
  let lastWrite = Date.now();
  let bytesAtLastWrite = 0;
  let result: Awaited<ReturnType<TrackerApi['upload']>>;
  try {
    result = await api.upload(
      job.task,
      { name: job.name, size: job.size, type: job.type || undefined, blob: await uploadedBytes(job) },
      {
        signal,
        asNewVersion: job.asNewVersion,
        onProgress: (sentBytes, totalBytes) => {
          const now = Date.now();
          // The last byte went out: from now on the tracker may have the file even if no answer ever comes.
          const whole = sentBytes >= totalBytes;
          // Told in the file's bytes: the request's body is larger (PlanFix sends the file in base64, a multipart
          // body has its parts' headers), and the toolbar showed "uploading 133%".
          const fileBytes = Math.min(job.size, Math.round((sentBytes / Math.max(totalBytes, 1)) * job.size));
          if (whole || now - lastTell >= progressTellMs) {
            lastTell = now;
            env.progressed(job.id, fileBytes);
          }
          if (!whole && now - lastWrite < progressWriteMs) return;
          // The record must be written before the browser may close with the whole body out: the rest could go
          // out before the next write, so the tracker may have it all from now on.
          const mayBeWhole = whole || totalBytes - sentBytes <= 2 * (sentBytes - bytesAtLastWrite);
          lastWrite = now;
          bytesAtLastWrite = sentBytes;
          void update(job.id, { bytesSent: fileBytes, sentAt: mayBeWhole ? now : undefined }, inState('uploading'));
        },
      },
    );
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') return settleNameTaken(api, claimed, error, signal);
    throw error;
  }
  if (result.attached) await finish([job], 'uploading');
  else
    await update(job.id, { state: 'uploaded', remoteRef: result.remoteRef, sentAt: undefined }, inState('uploading'));
};

/**
 * The tracker refused the name as taken (PlanFix 9006, which is project-wide). After an unanswered try that file may
 * be this one. Else this one goes as a new version only of a file of the task itself (what the PlanFix UI does); a
 * file elsewhere is left alone, and this one goes under a name of its own.
 */
async function settleNameTaken(api: TrackerApi, job: UploadJob, error: AppError, signal: AbortSignal): Promise<void> {
  if (await landedAfterAnswer(api, job, signal)) return finish([job], 'uploading');
  const again =
    error.details.detail === nameHeldInTask
      ? { asNewVersion: true }
      : { name: await freeName(api, job, signal), matchingBefore: undefined };
  await update(job.id, { state: 'queued', sentAt: undefined, ...again }, inState('uploading'));
}

/**
 * Whether the task has this job's file, asked after the tracker answered its request: nothing of it is still in the
 * tracker's hands, so no grace is waited for.
 */
async function landedAfterAnswer(api: TrackerApi, job: UploadJob, signal: AbortSignal): Promise<boolean> {
  const found = await api.findAttached(job.task, { name: job.name, size: job.size }, signal);
  return settle({ ...job, sentAt: undefined }, found).kind === 'landed';
}

/** The job's name numbered past every name of the task and of its uploads under way, as a batch's names are. */
async function freeName(api: TrackerApi, job: UploadJob, signal: AbortSignal): Promise<string> {
  const { attachments } = await api.listAttachments(job.task, signal);
  const uploads = (await uploadsOfTasks([job.taskKey])).filter(isActiveUpload);
  return copyNames([...[...attachments, ...uploads].map((file) => file.name), job.name]).at(-1) ?? job.name;
}

const attach: Step = async (api, jobs, signal) => {
  const claimed: UploadJob[] = [];
  for (const job of jobs) {
    const updated = await update(job.id, { state: 'attaching' }, inState('uploaded'));
    if (updated?.remoteRef) claimed.push(updated);
  }
  // The attach request is small: it is out as soon as it is sent. A file cancelled meanwhile is left out of it.
  const sending: UploadJob[] = [];
  for (const job of claimed) {
    if (signal.aborted) break;
    if (await update(job.id, { sentAt: Date.now() }, inState('attaching'))) sending.push(job);
  }
  const first = sending[0];
  // A file of the batch was cancelled (the step shares one abort): nothing was sent, the rest wait for the next pass.
  if (!first || signal.aborted) {
    for (const job of claimed) await update(job.id, { state: 'uploaded', sentAt: undefined }, inState('attaching'));
    return;
  }
  try {
    await api.attach(
      first.task,
      sending.map((job) => ({ remoteRef: job.remoteRef ?? '', name: job.name })),
      first.comment,
    );
  } catch (error) {
    if (!(error instanceof AppError && error.details.detail === uploadsExpired)) throw error;
    return uploadAgainWhereNotAttached(api, sending, error, signal);
  }
  // A file cancelled while the attach was under way went with it: it is attached, and says so.
  await finish(sending, 'attaching', 'cancelled');
};

/**
 * The tracker no longer knows the uploads the attach named: they expired, or they were attached already (Pyrus's
 * "unknown or already used", which also answers the browser's own resend of an attach whose answer was lost). What
 * the task has is asked first; only the files not there go up again from their stored bytes. A tracker that keeps
 * forgetting them fails.
 */
async function uploadAgainWhereNotAttached(
  api: TrackerApi,
  sending: readonly UploadJob[],
  error: AppError,
  signal: AbortSignal,
): Promise<void> {
  const notAttached: UploadJob[] = [];
  for (const job of sending) {
    if (await landedAfterAnswer(api, job, signal)) await finish([job], 'attaching', 'cancelled');
    else notAttached.push(job);
  }
  if (notAttached.some((job) => (job.uploadedAgain ?? 0) >= maxUploadsAgain)) throw error;
  for (const job of notAttached) {
    const uploadedAgain = (job.uploadedAgain ?? 0) + 1;
    const again = { state: 'queued' as const, remoteRef: undefined, sentAt: undefined, uploadedAgain };
    await update(job.id, again, inState('attaching'));
  }
}

/** How many times a batch's files are uploaded again after the tracker forgot them before the attach. */
const maxUploadsAgain = 3;

/**
 * A copy's bytes come from its source task into the chunks first (copy-fetch.ts); a fetch a runner left midway
 * simply starts again, since reading the source changes nothing there.
 */
const fetchSource: Step = async (_targetApi, [job], signal, env) => {
  if (!job?.source) return;
  const api = await (env.sourceApiFor ?? env.apiFor)(job.source.task.tracker);
  const fetched = await fetchSourceIntoChunks(api, job, signal, (bytes) => env.progressed(job.id, bytes));
  // The upload's own progress starts from nothing.
  if (fetched) env.progressed(job.id, 0);
};

/** A job left midway (by a runner that died, or a request that got no answer): the tracker says what happened. */
const settleLeftover: Step = async (api, [job], signal) => {
  if (!job) return;
  // Without a record of what was there before, nothing was sent yet: there is nothing to ask about.
  const found = job.matchingBefore ? await api.findAttached(job.task, { name: job.name, size: job.size }, signal) : [];
  const outcome = settle(job, found);
  if (outcome.kind === 'landed') return finish([job], job.state);
  if (outcome.kind === 'wait') {
    await update(job.id, { notBefore: outcome.until }, inState(job.state));
    return;
  }
  const again = job.state === 'attaching' && job.remoteRef ? 'uploaded' : 'queued';
  await update(job.id, { state: again, bytesSent: 0, sentAt: undefined }, inState(job.state));
};

/**
 * Refused before processing (429, 503): the same step again after the wait. Any other retryable failure leaves it
 * unknown whether the tracker kept the file, so the job stays in its unsettled state and is settled first. Gives
 * back the jobs of other steps it failed with this one (a rejected token fails every waiting job of the tracker).
 */
async function failOrRetry(job: UploadJob, error: AppError, onlyAsked = false): Promise<UploadJob[]> {
  const stored = await getJob('uploads', job.id);
  if (!stored || !isActiveUpload(stored)) return [];
  const sentAt = onlyAsked || !trackerAnswered(error) ? stored.sentAt : undefined;
  const next = nextAttempt(stored.attempts, error);
  if (next.retry) {
    const state = refusedBeforeProcessing(error) && !onlyAsked ? stepBefore(stored.state) : stored.state;
    const { attempts, notBefore } = next;
    await update(job.id, { state, attempts, notBefore, sentAt, error: error.toJSON() }, inState(stored.state));
    return [];
  }
  await update(job.id, { state: 'failed', attempts: next.attempts, error: error.toJSON() }, inState(stored.state));
  if (!stopsTheTracker(error)) return [];
  // A copy's source may be the tracker that refused (its credentials), not the task's.
  // A file the user cancelled ends cancelled (endCancelled), not failed with a Retry that would send it.
  return failWaitingOfTracker(
    'uploads',
    error.details.tracker ?? job.task.tracker,
    ['queued', 'uploaded'],
    { state: 'failed', error: error.toJSON() },
    (waiting) => waiting.cancelling === true,
  );
}

/**
 * Whether the tracker is done with the request: any answer of its own. Silence, or a gateway that gave up waiting
 * (502, 504: a proxy in front of the tracker, which may still be taking the file in), leaves it in its hands.
 */
function trackerAnswered(error: AppError): boolean {
  const { status } = error.details;
  return status !== undefined && status !== 502 && status !== 504;
}

function stepBefore(state: UploadState): UploadState {
  if (state === 'uploading') return 'queued';
  if (state === 'attaching') return 'uploaded';
  return state;
}

/**
 * Tells of each batch of these jobs that has finished. Steps, and a cancel in the worker, may end a batch at the
 * same moment: the batch is checked and marked in one transaction, so it is told once.
 */
export async function announceFinished(
  batchFinished: UploadEnvironment['batchFinished'],
  jobs: readonly UploadJob[],
): Promise<void> {
  const batches = new Map(jobs.map((job) => [job.batchId, job.taskKey]));
  for (const [batchId, taskKey] of batches) {
    const finished = (batch: readonly UploadJob[]) =>
      wholeBatches(batch).has(batchId) && !batch.some(isActiveUpload) && !batch.every((job) => job.announced);
    if (await markBatchAnnounced(batchId, taskKey, finished)) batchFinished({ batchId, taskKey });
  }
}
