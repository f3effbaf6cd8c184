import { AppError } from '../errors';

/** Room kept free for the browser and the rest of the extension. */
const headroomBytes = 64 * 1024 * 1024;

/** What the extension may still store, headroom kept; undefined where the browser does not say. */
async function roomLeft(storage: Pick<StorageManager, 'estimate'>): Promise<number | undefined> {
  const { quota, usage } = await storage.estimate();
  return quota === undefined ? undefined : quota - (usage ?? 0) - headroomBytes;
}

/** Refuses a batch that would not fit in the extension's storage quota, before any byte is written. */
export async function requireRoomFor(bytes: number, storage: Pick<StorageManager, 'estimate'>): Promise<void> {
  const room = await roomLeft(storage);
  if (room !== undefined && bytes > room) {
    throw new AppError('quota', { neededBytes: bytes, limitBytes: Math.max(0, room) });
  }
}

/**
 * A write the browser refused for want of room (`QuotaExceededError`) as the quota error `requireRoomFor` gives:
 * what the files need against what is left now. Undefined for any other failure.
 */
export async function quotaErrorOf(
  error: unknown,
  neededBytes: number,
  storage: Pick<StorageManager, 'estimate'> | undefined = globalThis.navigator?.storage,
): Promise<AppError | undefined> {
  if (!(error instanceof Error) || error.name !== 'QuotaExceededError') return undefined;
  // The error is the one to report: a failing estimate only leaves out what is left.
  const room = storage && (await roomLeft(storage).catch(() => undefined));
  const limitBytes = room === undefined ? undefined : Math.max(0, room);
  return new AppError('quota', { neededBytes, limitBytes, detail: String(error) });
}
