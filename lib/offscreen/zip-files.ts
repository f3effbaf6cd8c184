/** The ZIP files being built or saved, in a folder of the origin-private file system. */
export const zipFolderName = 'trackerdrop-zips';
/** The file of each build under way, by job: a second build of a job never opens the file of the first. */
const filesInUse = new Map<string, string>();
let buildCount = 0;

export async function zipFolder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(zipFolderName, { create: true });
}

/** Files left by builds that are no longer under way (a closed browser, a build replaced by another). */
export async function sweepZipFiles(folder: FileSystemDirectoryHandle): Promise<void> {
  for await (const name of folder.keys()) {
    // Asked at each file: a build may claim one while the sweep goes on.
    const inUse = new Set(filesInUse.values());
    if (!inUse.has(name)) await folder.removeEntry(name).catch(() => undefined);
  }
}

/** A new file name for a build of the job, which from now on is the job's. */
export function claimZipFile(jobId: string): string {
  const name = `${jobId}.${++buildCount}.zip`;
  filesInUse.set(jobId, name);
  return name;
}

/** The build that claimed `name` failed: the job has no file (unless a newer build claimed one since). */
export function releaseZipFile(jobId: string, name: string): void {
  if (filesInUse.get(jobId) === name) filesInUse.delete(jobId);
}

/**
 * The browser has the ZIP (or gave up on it): its file goes. A job this document never built is one of an earlier
 * document (the browser was closed before its file was discarded): every file no build here uses goes then, else
 * such files would stay, gigabytes of them maybe, until some later ZIP is built.
 */
export async function discardZipFile(jobId: string): Promise<void> {
  const name = filesInUse.get(jobId);
  const folder = await zipFolder();
  if (!name) return sweepZipFiles(folder);
  filesInUse.delete(jobId);
  await folder.removeEntry(name).catch(() => undefined);
}
