import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { forgetDbConnection } from '../../lib/jobs/db';

/** A fresh queue database (fake-indexeddb) and a fresh fake browser, for each test that drives a queue. */
export function freshQueueWorld(): void {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
  fakeBrowser.reset();
}
