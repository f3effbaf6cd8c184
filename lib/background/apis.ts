import { fetchClient } from '../http/client';
import { loadTrackerSettings, storageMemo } from '../settings';
import { cachedUntilChanged } from '../storage-cache';
import { isTrackerKey } from '../storage-keys';
import { TrackerError } from '../trackers/errors';
import { createTrackerApi } from '../trackers/index';
import type { TrackerApi, TrackerId } from '../trackers/types';

async function createClient(tracker: TrackerId): Promise<TrackerApi> {
  const settings = await loadTrackerSettings(tracker);
  if (!settings) throw new TrackerError('not-configured', { tracker });
  return createTrackerApi(tracker, settings, { http: fetchClient, memo: storageMemo });
}

/**
 * One client per tracker while its settings, its cached session and the policy stay the same: a Download all of
 * hundreds of files would otherwise read the settings, the policy and the session from storage again for every file.
 */
const clients = new Map<TrackerId, () => Promise<TrackerApi>>();

/** The client for a tracker with the user's stored credentials, or a `not-configured` error. */
export function apiFor(tracker: TrackerId): Promise<TrackerApi> {
  let client = clients.get(tracker);
  if (!client) {
    client = cachedUntilChanged(
      () => createClient(tracker),
      (keys, area) => area === 'managed' || (area === 'local' && keys.some((key) => isTrackerKey(tracker, key))),
    );
    clients.set(tracker, client);
  }
  return client();
}
