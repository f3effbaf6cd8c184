import type { TrackerEmulator } from '../emulator';

export function createPlanfixEmulator(): TrackerEmulator {
  throw new Error('not implemented yet');
}
