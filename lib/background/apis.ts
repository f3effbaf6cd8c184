import browser from 'webextension-polyfill';
import { fetchClient } from '../http/client';
import { loadTrackerSettings, storageMemo } from '../settings';
import { isTrackerKey } from '../storage-keys';
import { TrackerError } from '../trackers/errors';
import { createTrackerApi } from '../trackers/index';
import { trackerIds } from '../trackers/labels';
import type { TrackerApi, TrackerId } from '../trackers/types';

/**
 * One client per tracker while its settings and cached session stay the same: a Download all of hundreds of files
 * would otherwise read the settings, the policy and the session from storage again for every file.
 */
const clients = new Map<TrackerId, Promise<TrackerApi>>();
let watching = false;

function forgetOnChange(): void {
  if (watching) return;
  watching = true;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') return clients.clear();
    if (area !== 'local') return;
    for (const tracker of trackerIds) {
      if (Object.keys(changes).some((key) => isTrackerKey(tracker, key))) clients.delete(tracker);
    }
  });
}

async function createClient(tracker: TrackerId): Promise<TrackerApi> {
  const settings = await loadTrackerSettings(tracker);
  if (!settings) throw new TrackerError('not-configured', { tracker });
  return createTrackerApi(tracker, settings, { http: fetchClient, memo: storageMemo });
}

/** The client for a tracker with the user's stored credentials, or a `not-configured` error. */
export function apiFor(tracker: TrackerId): Promise<TrackerApi> {
  forgetOnChange();
  let client = clients.get(tracker);
  if (!client) {
    client = createClient(tracker);
    clients.set(tracker, client);
    // A failure (not configured yet) is not kept.
    client.catch(() => clients.delete(tracker));
  }
  return client;
}
