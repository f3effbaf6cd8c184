import { AppError } from '../errors';
import { fetchClient, type HttpClient } from '../http/client';
import { honourHostPauses } from '../http/host-pause';
import { xhrClient } from '../http/xhr-client';
import { createTrackerApi } from '../trackers/clients';
import { trackerOf } from '../trackers/registry';
import type { KeyValueMemo, TrackerApi } from '../trackers/types';
import type { UploadEnvironment } from '../uploads/runner';
import type { RunnerSetup } from './protocol';

const pacedXhr = honourHostPauses(xhrClient);
const pacedFetch = honourHostPauses(fetchClient);

/** The runner's environment in a document (offscreen or Firefox's background page): XHR for upload progress. */
export function documentEnvironment(
  setup: RunnerSetup,
  report: Pick<UploadEnvironment, 'batchFinished' | 'progressed'>,
  memo: KeyValueMemo,
): UploadEnvironment {
  // One client per tracker for the setup's life: its session and its pacing are shared by every step.
  const clientsOver = (http: HttpClient) => {
    const clients = new Map<string, TrackerApi>();
    return async (tracker: string): Promise<TrackerApi> => {
      const settings = setup.settings[tracker];
      if (!settings) throw new AppError('not-configured', { tracker });
      const client = clients.get(tracker) ?? createTrackerApi(trackerOf(tracker), settings, { http, memo });
      clients.set(tracker, client);
      return client;
    };
  };
  return {
    ...report,
    parallelUploads: setup.parallelUploads,
    apiFor: clientsOver(pacedXhr),
    // Copies read their sources through fetch: XHR refuses the redirect to Yandex Tracker's file storage.
    sourceApiFor: clientsOver(pacedFetch),
  };
}
