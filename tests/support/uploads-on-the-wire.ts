import type { TrackerId } from '../../lib/trackers/registry';
import { summarizeFiles } from '../sandbox/control';
import type { FaultSpec } from '../sandbox/faults';
import type { LoggedRequest } from '../sandbox/request-log';
import type { Sandbox } from '../sandbox/server';
import type { LocalFile } from './disk';

export type Route = Pick<FaultSpec, 'host' | 'path' | 'bodyMatch'>;

/** How each tracker's upload (and, where separate, attach) requests look on the wire, so faults hit only them. */
export const routes: Record<TrackerId, { upload: Route; attach?: Route }> = {
  pyrus: {
    upload: { host: 'files.pyrus.com', path: '^/v4/files/upload' },
    attach: { host: 'api.pyrus.com', path: '^/v4/tasks/\\d+/comments' },
  },
  'yandex-tracker': {
    upload: { host: 'api.tracker.yandex.net', path: '^/v[23]/attachments' },
    attach: { host: 'api.tracker.yandex.net', path: '^/v[23]/issues/[^/]+/comments' },
  },
  worksection: { upload: { host: 'acme.worksection.com', path: 'action=post_comment' } },
  planfix: { upload: { host: 'apiru.planfix.ru', path: '^/xml/', bodyMatch: 'method="file\\.upload"' } },
};

/** Names that test the way into the tracker: Cyrillic, doubled spaces, an empty file. */
export function smallFiles(prefix: string, count: number): { name: string; size: number }[] {
  const names = [`${prefix} пустой.txt`, `${prefix} Отчёт за квартал.pdf`, `${prefix} with  two spaces.bin`];
  return Array.from({ length: count }, (_, index) => ({
    name: names[index] ?? `${prefix} file ${index}.bin`,
    size: index === 0 ? 0 : 1000 + index * 7919,
  }));
}

/** Requests the sandbox took in on a route whose whole body (at least `bytes`) arrived. */
export function bodiesArrived(sandbox: Sandbox, route: Route, since: number, bytes: number): LoggedRequest[] {
  return sandbox.log
    .since(since)
    .filter(
      (entry) =>
        (!route.host || entry.host === route.host) &&
        new RegExp(route.path).test(entry.path) &&
        Math.max(entry.bodySize, entry.receivedSize ?? 0) >= bytes,
    );
}

/**
 * The SHA-256 of each copy the task holds of each local file, by name: `[file.sha256]` each when every file is
 * there exactly once with the same bytes (see `onceEach`).
 */
export async function copiesIn(
  sandbox: Sandbox,
  tracker: TrackerId,
  container: string,
  files: readonly LocalFile[],
): Promise<Record<string, string[]>> {
  const held = await summarizeFiles(sandbox, tracker, container);
  return Object.fromEntries(
    files.map((file) => [file.name, held.filter((copy) => copy.name === file.name).map((copy) => copy.sha256)]),
  );
}

export function onceEach(files: readonly LocalFile[]): Record<string, string[]> {
  return Object.fromEntries(files.map((file) => [file.name, [file.sha256]]));
}

/** Runs in the extension (worker or background page): the states of every upload job in its IndexedDB, sorted. */
export function readUploadStates(): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('trackerdrop');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('uploads').objectStore('uploads').getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        open.result.close();
        resolve((request.result as { state: string }[]).map((job) => job.state).sort());
      };
    };
  });
}
