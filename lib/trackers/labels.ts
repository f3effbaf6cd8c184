import type { TrackerId } from './types';

/** Product names, as the trackers write them (not translated). */
export const trackerLabels: Record<TrackerId, string> = {
  pyrus: 'Pyrus',
  'yandex-tracker': 'Yandex Tracker',
  worksection: 'Worksection',
  planfix: 'PlanFix',
};

/** The four trackers, in the order the product shows them. */
export const trackerIds = Object.keys(trackerLabels) as TrackerId[];
