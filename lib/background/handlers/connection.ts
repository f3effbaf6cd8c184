import * as v from 'valibot';
import { recordConnectionStatus } from '../../connection-status';
import { AppError } from '../../errors';
import { fetchClient } from '../../http/client';
import { memoryMemo } from '../../memory-memo';
import { TrackerIdSchema, toBackground } from '../../messages';
import { loadTrackerSettings } from '../../settings';
import { checkSettings, missingSecrets, withSavedSecrets } from '../../settings-schema';
import type { TrackerSettingsMap } from '../../settings-types';
import { createTrackerApi } from '../../trackers/index';
import type { Identity, TrackerId } from '../../trackers/types';
import { toResult } from '../result';
import { requireExtensionPage, type SenderContext } from '../sender-check';

const testTimeoutMs = 30_000;

const ConnectionTestSchema = v.strictObject({ tracker: TrackerIdSchema, settings: v.unknown() });

function sameSettings(a: object, b: object | undefined): boolean {
  return b !== undefined && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

async function testConnection<K extends TrackerId>(tracker: K, entered: unknown): Promise<Identity> {
  const checked = checkSettings(tracker, entered);
  if (!checked.ok) throw new AppError('unexpected', { tracker, detail: 'invalid settings' });
  const saved = await loadTrackerSettings(tracker);
  const settings: TrackerSettingsMap[K] = withSavedSecrets(tracker, checked.settings, saved);
  if (missingSecrets(tracker, settings).length > 0) throw new AppError('not-configured', { tracker });
  const isSaved = sameSettings(settings, saved);
  try {
    // A fresh memo: the test checks the credentials themselves, not a token cached from earlier ones.
    const api = createTrackerApi(tracker, settings, { http: fetchClient, memo: memoryMemo() });
    const identity = await api.whoAmI(AbortSignal.timeout(testTimeoutMs));
    if (isSaved) await recordConnectionStatus(tracker, { ok: true, name: identity.name, checkedAt: Date.now() });
    return identity;
  } catch (error) {
    const failure =
      error instanceof AppError ? error : new AppError('network', { tracker, detail: 'no answer in time' });
    if (isSaved) await recordConnectionStatus(tracker, { ok: false, error: failure.toJSON(), checkedAt: Date.now() });
    throw failure;
  }
}

/** The options page checks settings (saved or just entered) against the tracker; the answer names who we are. */
export function handleConnectionMessages(context: SenderContext): void {
  toBackground.onMessage('testConnection', ({ data, sender }) =>
    toResult(async () => {
      requireExtensionPage(context, sender);
      const input = v.parse(ConnectionTestSchema, data);
      return testConnection(input.tracker, input.settings);
    }),
  );
}
