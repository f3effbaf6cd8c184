import type { TrackerId } from './types';

/** Product names, as the trackers write them (not translated). */
export const trackerLabels: Record<TrackerId, string> = {
  pyrus: 'Pyrus',
  'yandex-tracker': 'Yandex Tracker',
  worksection: 'Worksection',
  planfix: 'PlanFix',
};
