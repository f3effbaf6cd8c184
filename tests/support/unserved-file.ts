import type { Sandbox } from '../sandbox/server';

/** Every request for this Pyrus file is answered 404 (the download and the probe after it), until faults are cleared. */
export function pyrusStopsServing(sandbox: Sandbox, fileId: string): void {
  sandbox.faults.add({ host: 'files.pyrus.com', path: `/download/${fileId}$`, status: 404, times: 1_000 });
}

/**
 * Every download of this Worksection file is answered as Worksection answers a file it does not have: HTTP 200 and
 * its JSON error (the sandbox's own `download` of an unknown id; worksection.md), until faults are cleared.
 */
export function worksectionStopsServing(sandbox: Sandbox, fileId: string): void {
  const answer = {
    host: 'acme.worksection.com',
    status: 200,
    body: JSON.stringify({ status: 'error', status_code: 4, message: 'File not found' }),
    contentType: 'application/json',
    times: 1_000,
  };
  // Signed in the query (the file in the URL) or in a header (the file in a JSON body).
  sandbox.faults.add({ ...answer, path: `action=download&id_file=${fileId}&` });
  sandbox.faults.add({ ...answer, path: 'action=download$', bodyMatch: `"id_file":"?${fileId}\\b` });
}
