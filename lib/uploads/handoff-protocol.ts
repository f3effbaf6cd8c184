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

/** worker -> bridge frame, on the reply port while it stores a batch: it is still at it. */
export type HandoffProgress = { kind: 'progress' };

/** What the worker posts on the reply port: progress, any number of times, then one reply. */
export type WorkerHandoffMessage = HandoffProgress | HandoffReply;

export const isHandoffProgress = (message: WorkerHandoffMessage): message is HandoffProgress => 'kind' in message;

/**
 * bridge frame -> worker, on the reply port: the bridge stopped waiting. The worker commits nothing after reading
 * it, and answers with the failure, unless its batch was committed already.
 */
export const HandoffAbandonSchema = v.strictObject({ kind: v.literal('abandon') });

export type HandoffAbandon = v.InferOutput<typeof HandoffAbandonSchema>;
