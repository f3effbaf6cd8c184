import { createPlanfixEmulator } from './planfix';
import { createPyrusEmulator } from './pyrus';
import { createWorksectionEmulator } from './worksection';
import { createYandexTrackerEmulator } from './yandex-tracker';

export function createEmulators() {
  return {
    pyrus: createPyrusEmulator(),
    'yandex-tracker': createYandexTrackerEmulator(),
    worksection: createWorksectionEmulator(),
    planfix: createPlanfixEmulator(),
  };
}
