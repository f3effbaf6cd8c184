import type { YandexTrackerSettings } from '../../settings-types';
import type { ApiDeps, TrackerApi } from '../types';

export function createYandexTrackerApi(_settings: YandexTrackerSettings, _deps: ApiDeps): TrackerApi {
  throw new Error('not implemented yet');
}
