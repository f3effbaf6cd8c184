import { AppError } from '../errors';
import { xhrClient } from '../http/xhr-client';
import { memoryMemo } from '../memory-memo';
import { createTrackerApi } from '../trackers/index';
import type { TrackerApi, TrackerId } from '../trackers/types';
import type { RunnerSetup } from './protocol';
import type { UploadEnvironment } from './runner';

const memo = memoryMemo();

/** The runner's environment in a document (offscreen or Firefox's background page): XHR for upload progress. */
export function documentEnvironment(setup: RunnerSetup, onBatchFinished: (batchId: string) => void): UploadEnvironment {
  return {
    parallelUploads: setup.parallelUploads,
    onBatchFinished,
    apiFor<K extends TrackerId>(tracker: K): Promise<TrackerApi> {
      const settings = setup.settings[tracker];
      if (!settings) return Promise.reject(new AppError('not-configured', { tracker }));
      return Promise.resolve(createTrackerApi(tracker, settings, { http: xhrClient, memo }));
    },
  };
}
