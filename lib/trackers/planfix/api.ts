import type { PlanfixSettings } from '../../settings-types';
import type { ApiDeps, TrackerApi } from '../types';

export function createPlanfixApi(_settings: PlanfixSettings, _deps: ApiDeps): TrackerApi {
  throw new Error('not implemented yet');
}
