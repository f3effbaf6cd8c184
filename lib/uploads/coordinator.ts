import browser from 'webextension-polyfill';
import { updateBadge } from '../background/badge';
import { queueChanged } from '../queue/changes';
import { loadPreferences } from '../settings/preferences';
import { loadGrantedSettings } from '../settings/store';
import type { Settings } from '../trackers/definition';
import { trackers } from '../trackers/registry';
import { inState, isActiveUpload } from './job';
import { announceBatch } from './notify';
import { ensureOffscreenDocument, hasOffscreenDocuments } from './offscreen-document';
import { type RunnerSetup, uploadMessages } from './protocol';
import { abortUpload, runUploads } from './runner';
import { documentEnvironment } from './runner-host';
import { allUploads, deleteChunks, updateUpload } from './store';

const wakeAlarm = 'uploads-wake';

async function runnerSetup(): Promise<RunnerSetup> {
  const settings: Record<string, Settings> = {};
  for (const tracker of trackers) {
    // Only where the browser lets the credentials go (a custom server must have been granted).
    const stored = await loadGrantedSettings(tracker).catch(() => undefined);
    if (stored) settings[tracker.id] = stored;
  }
  return { settings, parallelUploads: (await loadPreferences()).parallelUploads };
}

/**
 * The worker coordinates; the runner moves bytes where it outlives the worker: Chrome's offscreen document, or
 * Firefox's background page itself. Called after a hand-off, on every worker start and from an alarm while jobs
 * are waiting, so a stopped worker or a restarted browser picks the queue up again.
 */
export async function kickUploads(): Promise<void> {
  const active = (await allUploads()).filter(isActiveUpload);
  await updateBadge();
  if (active.length === 0) {
    await browser.alarms.clear(wakeAlarm);
    return;
  }
  await browser.alarms.create(wakeAlarm, { periodInMinutes: 1 });
  const setup = await runnerSetup();
  if (!hasOffscreenDocuments()) {
    void runUploads(documentEnvironment(setup, (batchId) => void announceBatch(batchId)));
    return;
  }
  await ensureOffscreenDocument();
  await uploadMessages.sendMessage('runUploads', setup);
}

async function stopRunning(jobId: string): Promise<void> {
  if (!hasOffscreenDocuments()) abortUpload(jobId);
  else await uploadMessages.sendMessage('abortUpload', jobId).catch(() => undefined);
}

/** Cancels a waiting or running file, or removes a failed one; its stored bytes go at once. */
export async function cancelUpload(jobId: string): Promise<void> {
  const cancelled = await updateUpload(
    jobId,
    { state: 'cancelled', error: undefined },
    inState('queued', 'uploading', 'uploaded', 'attaching', 'failed'),
  );
  if (!cancelled) return;
  await stopRunning(jobId);
  await deleteChunks(jobId);
  await updateBadge();
}

/**
 * A failed file goes back as "unsettled": the runner first asks the tracker whether an earlier try landed after
 * all, and only then sends the bytes again from the stored chunks.
 */
export async function retryUpload(jobId: string): Promise<void> {
  await updateUpload(
    jobId,
    { state: 'uploading', remoteRef: undefined, attempts: 0, notBefore: 0, error: undefined, announced: false },
    inState('failed'),
  );
  await kickUploads();
}

export function registerUploadEvents(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === wakeAlarm) void kickUploads();
  });
  uploadMessages.onMessage('uploadBatchFinished', ({ data, sender }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return;
    void announceBatch(data);
    // Also brings the badge up to date (the worker follows queue changes with it).
    queueChanged();
  });
}
