import * as v from 'valibot';
import type { SerializedError } from '../errors';

/** content script -> bridge frame -> worker: the files of an announced batch, with the worker's token. */
export const handoffKind = 'trackerdrop/handoff';

export const HandoffSchema = v.strictObject({
  kind: v.literal(handoffKind),
  token: v.pipe(v.string(), v.uuid()),
  files: v.pipe(v.array(v.instance(Blob)), v.maxLength(10_000)),
});

export type Handoff = v.InferOutput<typeof HandoffSchema>;

export type HandoffReply = { ok: true; count: number } | { ok: false; error: SerializedError };
