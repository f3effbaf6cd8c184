import type { EntryRequest, ZipOrder } from '../downloads/zip-order';
import { buildZipFile } from './zip-build';
import { discardZipFile } from './zip-files';

const progressEveryMs = 500;
const building = new Map<string, AbortController>();
const urls = new Map<string, string>();

/** Builds one ZIP and makes a blob URL of it; a second order for the same job replaces the first. */
export async function hostBuildZip(
  order: ZipOrder,
  onProgress: (bytes: number) => void,
  requestFor: EntryRequest,
): Promise<{ url: string; bytes: number }> {
  building.get(order.jobId)?.abort();
  const controller = new AbortController();
  building.set(order.jobId, controller);
  let lastReport = 0;
  const report = (bytes: number) => {
    if (Date.now() - lastReport < progressEveryMs) return;
    lastReport = Date.now();
    onProgress(bytes);
  };
  try {
    const file = await buildZipFile(order, report, controller.signal, requestFor);
    const url = URL.createObjectURL(file);
    urls.set(order.jobId, url);
    return { url, bytes: file.size };
  } finally {
    if (building.get(order.jobId) === controller) building.delete(order.jobId);
  }
}

export function hostAbortZip(jobId: string): void {
  building.get(jobId)?.abort();
}

export async function hostDiscardZip(jobId: string): Promise<void> {
  const url = urls.get(jobId);
  if (url) URL.revokeObjectURL(url);
  urls.delete(jobId);
  await discardZipFile(jobId);
}
