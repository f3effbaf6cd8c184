import type { WorksectionSettings } from '../../settings-types';
import type { ApiDeps, TrackerApi } from '../types';

export function createWorksectionApi(_settings: WorksectionSettings, _deps: ApiDeps): TrackerApi {
  throw new Error('not implemented yet');
}
