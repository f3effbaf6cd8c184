import type { PyrusSettings } from '../../settings-types';
import type { ApiDeps, TrackerApi } from '../types';

export function createPyrusApi(_settings: PyrusSettings, _deps: ApiDeps): TrackerApi {
  throw new Error('not implemented yet');
}
