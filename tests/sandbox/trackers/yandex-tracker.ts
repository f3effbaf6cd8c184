import type { TrackerEmulator } from '../emulator';

export function createYandexTrackerEmulator(): TrackerEmulator {
  return {
    tracker: 'yandex-tracker',
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
