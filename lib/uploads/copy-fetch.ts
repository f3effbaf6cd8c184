import { createMD5 } from 'hash-wasm';
import { AppError } from '../errors';
import { spacedStart, startSpacing } from '../http/limiter';
import { openDownload } from '../http/open-download';
import type { CopySource, UploadJob } from '../jobs/records';
import { getJob, updateJob } from '../jobs/store';
import { downloadFailureOf } from '../trackers/download-failures';
import { requestIntervalOf } from '../trackers/registry';
import type { TrackerApi } from '../trackers/types';
import { storeFetchedChunk } from './copy-intake';
import { quotaErrorOf } from './quota';
import { deleteChunks } from './store';

/** A source that sends nothing for this long is taken for a dead connection (retried like one). */
const stallMs = 60_000;
const progressTellMs = 100;

/** The body's pieces as they come; a read that brings nothing for `stallMs` fails as a network error. */
async function* piecesOf(tracker: string, body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = () =>
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('network', { tracker, detail: 'the source stopped sending' })),
        stallMs,
      );
    });
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), stalled()]).finally(() => clearTimeout(timer));
      if (read.done) return;
      yield read.value;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/** Whether the bytes read are the file the source listed: its size (within the kilobyte PlanFix rounds to). */
function sizeFits(bytes: number, listed: { size: number; sizeExact: boolean }): boolean {
  return listed.sizeExact ? bytes === listed.size : Math.abs(bytes - listed.size) < 1024;
}

/** The most bytes the listed file can have. */
function mostBytes(listed: { size: number; sizeExact: boolean }): number {
  return listed.sizeExact ? listed.size : listed.size + 1023;
}

/**
 * A copy's first step: reads the source attachment, with the source tracker's client and credentials, into the
 * job's chunks (IndexedDB), one chunk in memory at a time, then hands the job to the upload (`queued`) with the
 * size it really has. The fetch claims the job under a new run id and starts from the first byte: whatever an
 * earlier run left is dropped, and a run that lost its claim (cancelled, or taken over) writes nothing more.
 * A fetch that fails drops what it wrote. Resolves true once the job is queued for upload.
 */
export async function fetchSourceIntoChunks(
  api: TrackerApi,
  job: UploadJob,
  signal: AbortSignal,
  progressed: (bytesFetched: number) => void,
): Promise<boolean> {
  const { source } = job;
  if (!source) throw new AppError('unexpected', { detail: 'not a copy' });
  const run = crypto.randomUUID();
  const claimed = await updateJob(
    'uploads',
    job.id,
    { fetchRun: run, bytesFetched: 0 },
    (stored) => stored.state === 'fetching',
  );
  if (!claimed) return false;
  await deleteChunks(job.id);
  try {
    return await readIntoChunks(api, job, source, run, signal, progressed);
  } catch (error) {
    // The next fetch starts from the first byte anyway: until then these chunks would only take room, which the
    // check of new batches counts. Unless another run has taken the job over: the chunks are that run's then.
    if ((await getJob('uploads', job.id))?.fetchRun === run) await deleteChunks(job.id);
    throw error;
  }
}

async function readIntoChunks(
  api: TrackerApi,
  job: UploadJob,
  source: CopySource,
  run: string,
  signal: AbortSignal,
  progressed: (bytesFetched: number) => void,
): Promise<boolean> {
  const tracker = source.task.tracker;
  // The request is an API call for some trackers (PlanFix's file.download): copies running at once start theirs at
  // the tracker's documented rate, each made when its turn comes; the bytes still come in together.
  const body = await spacedStart(startSpacing(tracker, requestIntervalOf(tracker)), signal, async () => {
    const request = await api.downloadRequest(source.task, source.attachment, 'fetch');
    return openDownload(tracker, request, source.attachment.name, signal, downloadFailureOf(tracker));
  });
  const md5 = source.attachment.md5 ? await createMD5() : undefined;
  md5?.init();
  let pieces: Uint8Array[] = [];
  let pending = 0;
  let index = 0;
  let total = 0;
  let lastTell = 0;
  /** False once the run lost its claim: nothing more is written, and the job is left to whoever has it now. */
  const store = async (): Promise<boolean> => {
    const blob = new Blob(pieces as BlobPart[]);
    pieces = [];
    pending = 0;
    const stored = await storeFetchedChunk(job.id, run, { index, blob }, total).catch(async (error: unknown) => {
      throw (await quotaErrorOf(error, source.attachment.size)) ?? error;
    });
    index++;
    return stored;
  };
  const listed = source.attachment;
  const wrongSize = () =>
    new AppError('network', { tracker, detail: `${listed.name}: ${total} of ${listed.size} bytes` });
  try {
    for await (const piece of piecesOf(tracker, body)) {
      md5?.update(piece);
      total += piece.byteLength;
      // A source that sends more than it listed is not stored on until the quota runs out.
      if (total > mostBytes(listed)) throw wrongSize();
      for (let offset = 0; offset < piece.byteLength; ) {
        const taken = Math.min(job.chunkSize - pending, piece.byteLength - offset);
        pieces.push(piece.subarray(offset, offset + taken));
        pending += taken;
        offset += taken;
        if (pending === job.chunkSize && !(await store())) return false;
      }
      if (Date.now() - lastTell >= progressTellMs) {
        lastTell = Date.now();
        progressed(total);
      }
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error instanceof AppError ? error : new AppError('network', { tracker, detail: String(error) });
  }
  // The last piece, or the one empty chunk of an empty file.
  if ((pending > 0 || index === 0) && !(await store())) return false;
  if (!sizeFits(total, listed)) throw wrongSize();
  if (md5 && md5.digest('hex') !== listed.md5?.toLowerCase()) {
    throw new AppError('hash-mismatch', { tracker, detail: listed.name });
  }
  const queued = await updateJob(
    'uploads',
    job.id,
    {
      state: 'queued',
      size: total,
      chunkCount: index,
      bytesFetched: total,
      fetchedAt: Date.now(),
      fetchRun: undefined,
      attempts: 0,
      notBefore: 0,
      error: undefined,
    },
    (stored) => stored.state === 'fetching' && stored.fetchRun === run,
  );
  return queued !== undefined;
}
