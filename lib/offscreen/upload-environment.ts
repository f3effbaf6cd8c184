import { AppError } from '../errors';
import { honourHostPauses } from '../http/host-pause';
import { xhrClient } from '../http/xhr-client';
import { createTrackerApi } from '../trackers/clients';
import { trackerOf } from '../trackers/registry';
import type { KeyValueMemo, TrackerApi } from '../trackers/types';
import type { UploadEnvironment } from '../uploads/runner';
import type { RunnerSetup } from './protocol';

const pacedXhr = honourHostPauses(xhrClient);

/** The runner's environment in a document (offscreen or Firefox's background page): XHR for upload progress. */
export function documentEnvironment(
  setup: RunnerSetup,
  report: Pick<UploadEnvironment, 'batchFinished' | 'progressed'>,
  memo: KeyValueMemo,
): UploadEnvironment {
  // One client per tracker for the setup's life: its session and its pacing are shared by every step.
  const clients = new Map<string, TrackerApi>();
  return {
    ...report,
    parallelUploads: setup.parallelUploads,
    async apiFor(tracker) {
      const settings = setup.settings[tracker];
      if (!settings) throw new AppError('not-configured', { tracker });
      const client = clients.get(tracker) ?? createTrackerApi(trackerOf(tracker), settings, { http: pacedXhr, memo });
      clients.set(tracker, client);
      return client;
    },
  };
}
