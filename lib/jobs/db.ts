import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DownloadJob, LedgerEntry, UploadChunk, UploadJob } from './records';

/** The extension's IndexedDB: transfer queues and the download ledger are data here, not promises in memory. */
export interface TrackerDropDB extends DBSchema {
  downloads: {
    key: string;
    value: DownloadJob;
    indexes: {
      byState: DownloadJob['state'];
      /** Jobs of a state oldest first: the queue's order without reading the whole queue. */
      byStateAge: [DownloadJob['state'], number];
      byDownloadId: number;
      byTask: string;
      /** A task's jobs oldest first: its newest batch without reading the older ones. */
      byTaskAge: [string, number];
      byBatch: string;
    };
  };
  ledger: {
    key: string;
    value: LedgerEntry;
    indexes: { byTask: string };
  };
  uploads: {
    key: string;
    value: UploadJob;
    indexes: {
      byState: UploadJob['state'];
      byTask: string;
      /** Jobs of a state oldest first, as for downloads: the popup's newest without reading the whole history. */
      byStateAge: [UploadJob['state'], number];
    };
  };
  chunks: {
    key: [string, number];
    value: UploadChunk;
    indexes: { byJob: string };
  };
}

export const dbName = 'trackerdrop';
const dbVersion = 5;

let opening: Promise<IDBPDatabase<TrackerDropDB>> | undefined;

export function db(): Promise<IDBPDatabase<TrackerDropDB>> {
  opening ??= openDB<TrackerDropDB>(dbName, dbVersion, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const downloads = database.createObjectStore('downloads', { keyPath: 'id' });
        downloads.createIndex('byState', 'state');
        downloads.createIndex('byDownloadId', 'downloadId');
        downloads.createIndex('byTask', 'taskKey');
        const ledger = database.createObjectStore('ledger', { keyPath: 'key' });
        ledger.createIndex('byTask', 'taskKey');
      }
      if (oldVersion < 2) {
        const uploads = database.createObjectStore('uploads', { keyPath: 'id' });
        uploads.createIndex('byState', 'state');
        uploads.createIndex('byTask', 'taskKey');
        const chunks = database.createObjectStore('chunks', { keyPath: ['jobId', 'index'] });
        chunks.createIndex('byJob', 'jobId');
      }
      if (oldVersion < 3) transaction.objectStore('downloads').createIndex('byStateAge', ['state', 'createdAt']);
      if (oldVersion < 4) {
        const downloads = transaction.objectStore('downloads');
        downloads.createIndex('byTaskAge', ['taskKey', 'createdAt']);
        downloads.createIndex('byBatch', 'batchId');
      }
      if (oldVersion < 5) transaction.objectStore('uploads').createIndex('byStateAge', ['state', 'createdAt']);
    },
  });
  return opening;
}

/** Tests open a fresh database per case. */
export function forgetDbConnection(): void {
  opening = undefined;
}
