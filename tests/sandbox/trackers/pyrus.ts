import type { TrackerEmulator } from '../emulator';

export function createPyrusEmulator(): TrackerEmulator {
  throw new Error('not implemented yet');
}
