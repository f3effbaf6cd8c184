import type { TrackerId } from '../../../lib/trackers/types';
import type { TrackerEmulator } from '../emulator';
import { createPlanfixEmulator } from './planfix';
import { createPyrusEmulator } from './pyrus';
import { createWorksectionEmulator } from './worksection';
import { createYandexTrackerEmulator } from './yandex-tracker';

export function createEmulators(): Record<TrackerId, TrackerEmulator> {
  return {
    pyrus: createPyrusEmulator(),
    'yandex-tracker': createYandexTrackerEmulator(),
    worksection: createWorksectionEmulator(),
    planfix: createPlanfixEmulator(),
  };
}
