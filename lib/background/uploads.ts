import { AppError } from '../errors';
import { queueChanged } from '../jobs/changes';
import { inState } from '../jobs/records';
import { activeUploads, getJob, updateJob } from '../jobs/store';
import { wakeAlarm } from '../jobs/wake';
import { ensureOffscreenDocument, transfersRunHere } from '../offscreen/place';
import { offscreenMessages, type RunnerSetup } from '../offscreen/protocol';
import { fromOffscreenDocument } from '../offscreen/senders';
import { documentEnvironment } from '../offscreen/upload-environment';
import { isTrackerKey, memoKey } from '../settings/keys';
import { loadPreferences } from '../settings/preferences';
import { loadGrantedSettings, loadMemoEntries, storageMemo } from '../settings/store';
import type { Settings } from '../trackers/definition';
import { trackers } from '../trackers/registry';
import { abortUpload, announceFinished, type FinishedBatch, mayBeAttachedAlready, runUploads } from '../uploads/runner';
import { deleteChunks } from '../uploads/store';
import { announceBatch } from './notify';

/** Bytes sent of uploads moving now, as the runner reports them (the stored count is written less often). */
const liveProgress = new Map<string, number>();

export function liveBytesSent(jobId: string): number | undefined {
  return liveProgress.get(jobId);
}

function progressed(jobId: string, bytesSent: number): void {
  liveProgress.set(jobId, bytesSent);
  queueChanged();
}

function batchFinished(batch: FinishedBatch): void {
  void announceBatch(batch);
  queueChanged();
}

async function runnerSetup(): Promise<RunnerSetup> {
  const settings: Record<string, Settings> = {};
  for (const tracker of trackers) {
    // Only where the browser lets the credentials go (a custom server must have been granted).
    const stored = await loadGrantedSettings(tracker).catch(() => undefined);
    if (stored) settings[tracker.id] = stored;
  }
  const memo = await loadMemoEntries(Object.keys(settings));
  return { settings, parallelUploads: (await loadPreferences()).parallelUploads, memo };
}

/**
 * The worker coordinates; the runner moves bytes where it outlives the worker (lib/offscreen/place.ts). Kicked after
 * a hand-off, on every worker start and by an alarm while jobs are waiting, so a stopped worker, a closed offscreen
 * document or a restarted browser picks the queue up again.
 */
export async function kickUploads(): Promise<void> {
  liveProgress.clear();
  queueChanged();
  if (!(await wakeWhileJobsWait())) return;
  if (transfersRunHere()) {
    void runUploads(documentEnvironment(await runnerSetup(), { batchFinished, progressed }, storageMemo));
    return;
  }
  await ensureOffscreenDocument();
  await offscreenMessages.sendMessage('runUploads');
}

const wake = wakeAlarm('uploads-wake', () => void kickUploads());
let alarmDecided: Promise<unknown> = Promise.resolve();

/**
 * Sets the wake alarm while any upload waits, clears it otherwise; one decision at a time, so a kick that found the
 * queue empty cannot clear the alarm after a later kick set it for a batch stored meanwhile.
 */
function wakeWhileJobsWait(): Promise<boolean> {
  const decided = alarmDecided.then(async () => {
    if ((await activeUploads()).length === 0) {
      await wake.clear();
      return false;
    }
    await wake.everyMinute();
    return true;
  });
  alarmDecided = decided.catch(() => undefined);
  return decided;
}

/**
 * Cancels a waiting or running file, or removes a failed one; its stored bytes go at once. The last file of a batch
 * to end may be one no step holds (waiting), so the batch is announced here too (once, whoever gets there first).
 * A file the tracker may have attached already (its whole body may be out) is only stopped: the runner asks the
 * tracker, and it ends done if the file is there, else cancelled, never sent again (`cancelling`).
 */
export async function cancelUpload(jobId: string): Promise<void> {
  // Settled as soon as the grace allows: no backoff of earlier tries is waited for, nor counted against it.
  if (await updateJob('uploads', jobId, { cancelling: true, notBefore: 0, attempts: 0 }, mayBeAttachedAlready)) {
    // The stopped step's end brings the runner's next pass, which settles it.
    await abortInRunner(jobId);
    queueChanged();
    return;
  }
  const cancelled = await updateJob(
    'uploads',
    jobId,
    { state: 'cancelled', error: undefined },
    inState('fetching', 'queued', 'uploading', 'uploaded', 'attaching', 'failed'),
  );
  if (!cancelled) return;
  await abortInRunner(jobId);
  await deleteChunks(jobId);
  await announceFinished(batchFinished, [cancelled]);
  queueChanged();
}

/** Stops the job's step in the runner, wherever it runs; a runner that is gone has nothing to stop. */
async function abortInRunner(jobId: string): Promise<void> {
  if (transfersRunHere()) abortUpload(jobId);
  else await offscreenMessages.sendMessage('abortUpload', jobId).catch(() => undefined);
}

/**
 * A failed file goes back as "unsettled": the runner first asks the tracker whether an earlier try landed after
 * all, and only then sends the bytes again from the stored chunks. A copy that failed before all its bytes were
 * fetched fetches them again: nothing of it was sent yet. A cancel being settled when it failed no longer holds: the
 * user asks for the file to go.
 */
export async function retryUpload(jobId: string): Promise<void> {
  const failed = await getJob('uploads', jobId);
  const state = failed?.source && failed.fetchedAt === undefined ? 'fetching' : 'uploading';
  await updateJob(
    'uploads',
    jobId,
    {
      state,
      remoteRef: undefined,
      attempts: 0,
      notBefore: 0,
      error: undefined,
      announced: false,
      cancelling: undefined,
    },
    inState('failed'),
  );
  await kickUploads();
}

/** What the offscreen runner reports: a batch through, an upload's bytes. */
export function listenToUploadRunner(): void {
  offscreenMessages.onMessage('runnerSetup', ({ sender }) => {
    if (!fromOffscreenDocument(sender)) throw new AppError('forbidden', { detail: 'not the offscreen document' });
    return runnerSetup();
  });
  offscreenMessages.onMessage('uploadBatchFinished', ({ data, sender }) => {
    if (fromOffscreenDocument(sender)) batchFinished(data);
  });
  offscreenMessages.onMessage('uploadProgress', ({ data, sender }) => {
    if (fromOffscreenDocument(sender)) progressed(data.jobId, data.bytesSent);
  });
  offscreenMessages.onMessage('memoChanged', ({ data: { key, value }, sender }) => {
    const ownedByATracker = trackers.some((tracker) => isTrackerKey(tracker.id, memoKey(key)));
    if (fromOffscreenDocument(sender) && ownedByATracker) void storageMemo.set(key, value);
  });
}
