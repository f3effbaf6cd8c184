import { AppError } from '../errors';

/** Room kept free for the browser and the rest of the extension. */
const headroomBytes = 64 * 1024 * 1024;

/** Refuses a batch that would not fit in the extension's storage quota, before any byte is written. */
export async function requireRoomFor(bytes: number, storage: Pick<StorageManager, 'estimate'>): Promise<void> {
  const { quota, usage } = await storage.estimate();
  if (quota === undefined) return;
  const free = quota - (usage ?? 0);
  if (bytes + headroomBytes > free) {
    throw new AppError('quota', { neededBytes: bytes, limitBytes: Math.max(0, free - headroomBytes) });
  }
}
