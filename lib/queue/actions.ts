import { isActive } from '../downloads/job';
import { cancelJob, retryJob } from '../downloads/runner';
import { allJobs, deleteJob, getJob } from '../downloads/store';
import { cancelUpload, retryUpload } from '../uploads/coordinator';
import { isActiveUpload } from '../uploads/job';
import { allUploads, deleteUpload, getUpload } from '../uploads/store';

export type QueueAction = 'cancel' | 'retry' | 'remove';

/** Cancels, retries or removes one transfer, whichever queue it is in. */
export async function steerTransfer(action: QueueAction, jobId: string): Promise<void> {
  const download = await getJob(jobId);
  if (download) {
    if (action === 'retry') await retryJob(jobId);
    else if (isActive(download)) await cancelJob(jobId);
    else if (action === 'remove') await deleteJob(jobId);
    return;
  }
  const upload = await getUpload(jobId);
  if (!upload) return;
  if (action === 'retry') await retryUpload(jobId);
  else if (isActiveUpload(upload) || upload.state === 'failed') await cancelUpload(jobId);
  if (action === 'remove' && !isActiveUpload(upload)) await deleteUpload(jobId);
}

/** Forgets finished and cancelled transfers (failed ones stay, to be retried); how many went. */
export async function clearFinishedTransfers(): Promise<number> {
  const finished = (state: string) => state === 'done' || state === 'cancelled';
  const downloads = (await allJobs()).filter((job) => finished(job.state));
  const uploads = (await allUploads()).filter((job) => finished(job.state));
  for (const job of downloads) await deleteJob(job.id);
  for (const job of uploads) await deleteUpload(job.id);
  return downloads.length + uploads.length;
}
