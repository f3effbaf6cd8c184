import { AppError } from '../errors';
import { fetchClient } from '../http/client';
import { checkSettings, missingSecrets, withSavedSecrets } from '../settings/check';
import { recordConnectionStatus } from '../settings/connection-status';
import { memoryMemo } from '../settings/memory-memo';
import { assertGranted, loadTrackerSettings } from '../settings/store';
import { createTrackerApi } from '../trackers/clients';
import type { Settings } from '../trackers/definition';
import { trackerOf } from '../trackers/registry';
import type { Identity } from '../trackers/types';

const testTimeoutMs = 30_000;

function sameSettings(a: Settings, b: Settings | undefined): boolean {
  return b !== undefined && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/**
 * Checks settings (saved, or just entered on the options page) against the tracker; the answer names who they
 * belong to. The outcome of the saved ones is kept for the popup.
 */
export async function testConnection(id: string, entered: unknown): Promise<Identity> {
  const tracker = trackerOf(id);
  const checked = checkSettings(tracker, entered);
  if (!checked.ok) throw new AppError('unexpected', { tracker: id, detail: 'invalid settings' });
  const saved = await loadTrackerSettings(tracker);
  const settings = withSavedSecrets(tracker, checked.settings, saved);
  if (missingSecrets(tracker, settings).length > 0) throw new AppError('not-configured', { tracker: id });
  await assertGranted(tracker, settings);
  const isSaved = sameSettings(settings, saved);
  try {
    // A fresh memo: the test checks the credentials themselves, not a token cached from earlier ones.
    const api = createTrackerApi(tracker, settings, { http: fetchClient, memo: memoryMemo() });
    const identity = await api.whoAmI(AbortSignal.timeout(testTimeoutMs));
    if (isSaved) await recordConnectionStatus(id, { ok: true, name: identity.name, checkedAt: Date.now() });
    return identity;
  } catch (error) {
    const failure =
      error instanceof AppError ? error : new AppError('network', { tracker: id, detail: 'no answer in time' });
    if (isSaved) await recordConnectionStatus(id, { ok: false, error: failure.toJSON(), checkedAt: Date.now() });
    throw failure;
  }
}
