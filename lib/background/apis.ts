import { fetchClient } from '../http/client';
import { loadTrackerSettings, storageMemo } from '../settings';
import { TrackerError } from '../trackers/errors';
import { createTrackerApi } from '../trackers/index';
import type { TrackerApi, TrackerId } from '../trackers/types';

/** The client for a tracker with the user's stored credentials, or a `not-configured` error. */
export async function apiFor(tracker: TrackerId): Promise<TrackerApi> {
  const settings = await loadTrackerSettings(tracker);
  if (!settings) throw new TrackerError('not-configured', { tracker });
  return createTrackerApi(tracker, settings, { http: fetchClient, memo: storageMemo });
}
