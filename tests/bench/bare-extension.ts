import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Worker } from '@playwright/test';
import { serviceWorkerAt } from '../support/chromium';

const workerName = 'bare-worker.js';

/**
 * An extension with no logic of its own: only the downloads permission and an empty worker, from which the bench
 * calls the downloads API. Run from our own worker, the floor's downloads also met our listeners (the name question
 * looked each one up in the queue's database before the browser could go on), which is extension logic.
 */
export function writeBareExtension(folder: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Bench: the browser alone',
      version: '1.0',
      permissions: ['downloads'],
      host_permissions: ['https://files.pyrus.com/*'],
      background: { service_worker: workerName },
    }),
  );
  writeFileSync(
    join(folder, workerName),
    '// The bench drives this worker: the downloads API with nothing around it.\n',
  );
  return folder;
}

export function bareExtensionWorker(context: BrowserContext): Promise<Worker> {
  return serviceWorkerAt(context, `/${workerName}`);
}
