import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ZipBuilder } from '../../lib/downloads/zip-order';
import type { DownloadJob } from '../../lib/jobs/records';
import type { TaskRef } from '../../lib/trackers/registry';
import type { Attachment, TrackerApi } from '../../lib/trackers/types';
import { downloadJob } from './download-job';

// What tests that drive the real download queue against a mocked fakeBrowser.downloads share.

type DownloadDelta = Parameters<Parameters<typeof fakeBrowser.downloads.onChanged.addListener>[0]>[0];

/** Catches the queue's downloads.onChanged listener (call before `listen`); the returned function fires an event. */
export function downloadEvents(): (delta: DownloadDelta) => void {
  let listener: ((delta: DownloadDelta) => void) | undefined;
  vi.spyOn(fakeBrowser.downloads.onChanged, 'addListener').mockImplementation((added) => {
    listener = added;
  });
  return (delta) => listener?.(delta);
}

/** The browser's event for download `id` ending as `state`, with Chromium's interrupt reason. */
export function ended(id: number, state: 'complete' | 'interrupted', reason?: string): DownloadDelta {
  return { id, state: { previous: 'in_progress', current: state }, error: reason ? { current: reason } : undefined };
}

/** A ZIP builder that builds at once. */
export function fakeZip() {
  return {
    // As the real builder does, asks for each entry's request as it reaches the entry.
    build: vi.fn<ZipBuilder['build']>(async (order, _progress, requestFor) => {
      for (let index = 0; index < order.entries.length; index++) await requestFor(index);
      return { url: 'blob:chrome-extension://ext/zip', bytes: 1 };
    }),
    abort: vi.fn(async () => undefined),
    discard: vi.fn(async (_jobId: string) => undefined),
  };
}

/** A queued ZIP job of Pyrus task 1 with one entry; its attachment is the stand-in the planner gives a ZIP. */
export function zipJob(id: string, change: Partial<DownloadJob> = {}): DownloadJob {
  const entry = {
    attachment: { id: 'f1', name: 'a.txt', size: 1, sizeExact: true, place: { kind: 'task' as const } },
    path: 'a.txt',
  };
  return downloadJob(id, {
    attachment: { id: 'zip:batch', name: '1 Title.zip', size: 1, sizeExact: true, place: { kind: 'task' } },
    path: 'Pyrus/1 Title.zip',
    zip: { entries: [entry] },
    ...change,
  });
}

/** A Pyrus attachment `<id>.pdf` of 10 bytes, in the task itself. */
export function pdf(id: string): Attachment {
  return { id, name: `${id}.pdf`, size: 10, sizeExact: true, place: { kind: 'task' } };
}

/** A tracker whose task `Title` holds a.pdf, b.pdf and c.pdf, each fetched from `https://pyrus.com/files/<id>`. */
export function threeFileTracker(): TrackerApi {
  return {
    listAttachments: async () => ({ title: 'Title', attachments: [pdf('a'), pdf('b'), pdf('c')] }),
    downloadRequest: async (_task: TaskRef, attachment: Attachment) => ({
      url: `https://pyrus.com/files/${attachment.id}`,
      headers: [],
    }),
  } as unknown as TrackerApi;
}
