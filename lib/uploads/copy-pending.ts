import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { TaskRefSchema } from '../messages/task-ref';

/** What a toolbar picked to copy, waiting in session storage while the user picks the task it goes to. */
export const PendingCopySchema = v.strictObject({
  id: v.string(),
  source: TaskRefSchema,
  which: v.union([v.literal('all'), v.array(v.string())]),
  /** The source task's page, for the link in the copy's comment. */
  sourceUrl: v.optional(v.string()),
  createdAt: v.number(),
});
export type PendingCopy = v.InferOutput<typeof PendingCopySchema>;

const storageKey = 'pendingCopies';
/** A picker left open longer than this has nothing left to copy; a few are kept at most. */
const keptMs = 24 * 60 * 60 * 1000;
const kept = 20;

async function loadAll(): Promise<PendingCopy[]> {
  const stored: unknown = (await browser.storage.session.get(storageKey))[storageKey];
  const parsed = v.safeParse(v.array(v.unknown()), stored);
  if (!parsed.success) return [];
  return parsed.output.flatMap((entry) => {
    const copy = v.safeParse(PendingCopySchema, entry);
    return copy.success && copy.output.createdAt > Date.now() - keptMs ? [copy.output] : [];
  });
}

let writing: Promise<unknown> = Promise.resolve();

/** Serialised, so two toolbars asking at once do not drop each other's copy. */
function change(edit: (copies: PendingCopy[]) => PendingCopy[]): Promise<void> {
  const next = writing.then(async () => {
    await browser.storage.session.set({ [storageKey]: edit(await loadAll()) });
  });
  writing = next.catch(() => undefined);
  return next;
}

export function savePendingCopy(copy: PendingCopy): Promise<void> {
  return change((copies) => [copy, ...copies.filter((other) => other.id !== copy.id)].slice(0, kept));
}

export async function loadPendingCopy(id: string): Promise<PendingCopy | undefined> {
  return (await loadAll()).find((copy) => copy.id === id);
}

export function dropPendingCopy(id: string): Promise<void> {
  return change((copies) => copies.filter((copy) => copy.id !== id));
}
