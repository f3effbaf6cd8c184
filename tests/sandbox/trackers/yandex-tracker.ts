import type { TrackerEmulator } from '../emulator';

export function createYandexTrackerEmulator(): TrackerEmulator {
  throw new Error('not implemented yet');
}
