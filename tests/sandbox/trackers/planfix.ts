import type { TrackerEmulator } from '../emulator';

export function createPlanfixEmulator(): TrackerEmulator {
  return {
    tracker: 'planfix',
    handles: () => false,
    handle: async () => undefined,
    errorResponse: () => ({ body: '', contentType: 'text/plain' }),
    reset: () => undefined,
    files: () => [],
    addFile: () => {
      throw new Error('not implemented yet');
    },
    credentials: () => ({}),
    samplePages: () => [],
  };
}
