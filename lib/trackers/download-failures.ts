import type { DownloadFailureReader } from '../http/open-download';

// Found by folder, as the clients are (clients.ts): a tracker that answers a file it cannot serve with a success
// and its error as the body has a `download-failure.ts` that tells the two apart.
const modules = import.meta.glob<{ downloadFailure: DownloadFailureReader }>('./*/download-failure.ts', {
  eager: true,
});

export function downloadFailureOf(tracker: string): DownloadFailureReader | undefined {
  return modules[`./${tracker}/download-failure.ts`]?.downloadFailure;
}
