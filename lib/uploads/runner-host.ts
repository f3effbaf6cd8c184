import { xhrClient } from '../http/xhr-client';
import { TrackerError } from '../trackers/errors';
import { createTrackerApi } from '../trackers/index';
import type { KeyValueMemo, TrackerApi, TrackerId } from '../trackers/types';
import type { RunnerSetup } from './protocol';
import type { UploadEnvironment } from './runner';

/** Small client state (a Pyrus token) kept for the life of the runner's document. */
function memoryMemo(): KeyValueMemo {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
  };
}

const memo = memoryMemo();

/** The runner's environment in a document (offscreen or Firefox's background page): XHR for upload progress. */
export function documentEnvironment(setup: RunnerSetup, onBatchFinished: (batchId: string) => void): UploadEnvironment {
  return {
    parallelUploads: setup.parallelUploads,
    onBatchFinished,
    apiFor<K extends TrackerId>(tracker: K): Promise<TrackerApi> {
      const settings = setup.settings[tracker];
      if (!settings) return Promise.reject(new TrackerError('not-configured', { tracker }));
      return Promise.resolve(createTrackerApi(tracker, settings, { http: xhrClient, memo }));
    },
  };
}
