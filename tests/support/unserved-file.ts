import type { Sandbox } from '../sandbox/server';

/** Every request for this Pyrus file is answered 404 (the download and the probe after it), until faults are cleared. */
export function pyrusStopsServing(sandbox: Sandbox, fileId: string): void {
  sandbox.faults.add({ host: 'files.pyrus.com', path: `/download/${fileId}$`, status: 404, times: 1_000 });
}
