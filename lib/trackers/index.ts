import type { TrackerSettingsMap } from '../settings-types';
import { createPlanfixApi } from './planfix/api';
import { createPyrusApi } from './pyrus/api';
import type { ApiDeps, TrackerApi, TrackerId } from './types';
import { createWorksectionApi } from './worksection/api';
import { createYandexTrackerApi } from './yandex-tracker/api';

type ApiFactories = { [K in TrackerId]: (settings: TrackerSettingsMap[K], deps: ApiDeps) => TrackerApi };

/** The four tracker clients behind one interface (background and offscreen only: they carry secrets). */
export const trackerApis: ApiFactories = {
  pyrus: createPyrusApi,
  'yandex-tracker': createYandexTrackerApi,
  worksection: createWorksectionApi,
  planfix: createPlanfixApi,
};

export function createTrackerApi<K extends TrackerId>(
  tracker: K,
  settings: TrackerSettingsMap[K],
  deps: ApiDeps,
): TrackerApi {
  return trackerApis[tracker](settings, deps);
}

export { trackerLabels } from './labels';
