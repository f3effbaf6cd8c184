import { AppError } from '../errors';
import { xhrClient } from '../http/xhr-client';
import { memoryMemo } from '../settings/memory-memo';
import { createTrackerApi } from '../trackers/clients';
import { trackerOf } from '../trackers/registry';
import type { TrackerApi } from '../trackers/types';
import type { UploadEnvironment } from '../uploads/runner';
import type { RunnerSetup } from './protocol';

const memo = memoryMemo();

/** The runner's environment in a document (offscreen or Firefox's background page): XHR for upload progress. */
export function documentEnvironment(
  setup: RunnerSetup,
  report: Pick<UploadEnvironment, 'batchFinished' | 'progressed'>,
): UploadEnvironment {
  // One client per tracker for the setup's life: its session and its pacing are shared by every step.
  const clients = new Map<string, TrackerApi>();
  return {
    ...report,
    parallelUploads: setup.parallelUploads,
    async apiFor(tracker) {
      const settings = setup.settings[tracker];
      if (!settings) throw new AppError('not-configured', { tracker });
      const client = clients.get(tracker) ?? createTrackerApi(trackerOf(tracker), settings, { http: xhrClient, memo });
      clients.set(tracker, client);
      return client;
    },
  };
}
