import { AppError } from '../errors';
import { fetchClient } from '../http/client';
import { honourHostPauses } from '../http/host-pause';
import { cachedUntilChanged } from '../settings/cache';
import { isTrackerKey } from '../settings/keys';
import { loadGrantedSettings, storageMemo } from '../settings/store';
import { createTrackerApi } from '../trackers/clients';
import { type TaskRef, type TrackerId, trackerOf } from '../trackers/registry';
import type { TrackerApi } from '../trackers/types';

const pacedFetch = honourHostPauses(fetchClient);

interface Client {
  api: TrackerApi;
  /** The page hosts of the connected account. */
  pageHosts: readonly string[];
}

async function createClient(id: TrackerId): Promise<Client> {
  const tracker = trackerOf(id);
  const settings = await loadGrantedSettings(tracker);
  if (!settings) throw new AppError('not-configured', { tracker: id });
  return {
    api: createTrackerApi(tracker, settings, { http: pacedFetch, memo: storageMemo }),
    pageHosts: tracker.accountPageHosts(settings),
  };
}

/**
 * One client per tracker while its settings, its cached session, the policy and the granted hosts stay the same:
 * a Download all of hundreds of files would otherwise read the settings, the policy and the session from storage
 * again for every file.
 */
const clients = new Map<TrackerId, () => Promise<Client>>();

function clientFor(tracker: TrackerId): Promise<Client> {
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

/**
 * The client for a task of the connected account. A task page on another account's host (another Worksection or
 * PlanFix account, a Pyrus other than the configured server) is refused: the stored key works for its own account
 * only, and a page of someone else's must not drive it.
 */
export async function apiForTask(task: Pick<TaskRef, 'tracker' | 'host'>): Promise<TrackerApi> {
  const client = await clientFor(task.tracker);
  if (!client.pageHosts.includes(task.host.toLowerCase())) {
    throw new AppError('other-account', { tracker: task.tracker, detail: task.host });
  }
  return client.api;
}
