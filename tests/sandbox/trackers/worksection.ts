import type { TrackerEmulator } from '../emulator';

export function createWorksectionEmulator(): TrackerEmulator {
  throw new Error('not implemented yet');
}
