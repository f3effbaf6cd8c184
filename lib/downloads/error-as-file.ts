import type { DownloadJob } from '../jobs/records';
import { downloadFailureOf } from '../trackers/download-failures';

/**
 * Whether a download may be the tracker's error rather than the file: a tracker that answers a file it cannot serve
 * with a success and its error as the body (Worksection) sends it with the error's type, and not the file's size.
 * A ZIP is built from bodies already checked.
 */
export function mayBeErrorAsFile(job: DownloadJob, mime: string | undefined, bytes: number): boolean {
  const failure = downloadFailureOf(job.task.tracker);
  return !!failure && !job.zip && bytes !== job.attachment.size && failure.contentType.test(mime ?? '');
}
