import type { SerializedError } from '../errors';

/** What the page asks of the ZIP worker (zip-file-worker.ts). */
export type ZipWorkerRequest =
  /** Build a ZIP into `name` in the folder of the origin-private file system, of the entries sent over the port. */
  | { kind: 'build'; folder: string; name: string }
  /** Stop: the worker removes the file and answers `failed` (cancelled). */
  | { kind: 'abort' };

/** What the worker tells: progress a few times a second, then one end. */
export type ZipWorkerReply =
  | { kind: 'progress'; bytes: number }
  | { kind: 'built'; bytes: number }
  | { kind: 'failed'; error: SerializedError };
