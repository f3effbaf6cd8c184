import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, test as base, type Worker } from '@playwright/test';
import { settingsKey } from '../../lib/settings/keys';
import type { TrackerId } from '../../lib/trackers/registry';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';

interface TestFixtures {
  /** An empty folder the browser saves downloads into, keeping the extension's sub-folders. */
  downloadDir: string;
  context: BrowserContext;
  worker: Worker;
  /** Connects a tracker with the sandbox's credentials, as a user would in the options page. */
  connect: (tracker: TrackerId) => Promise<void>;
}

interface WorkerFixtures {
  sandbox: Sandbox;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  sandbox: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern here.
    async ({}, use) => {
      const sandbox = await startSandbox();
      await use(sandbox);
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern here.
  downloadDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'trackerdrop-downloads-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  context: async ({ sandbox, downloadDir }, use) => {
    sandbox.reset();
    const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules(), downloadDir });
    await use(context);
    await context.close();
  },
  worker: async ({ context }, use) => {
    await use(await extensionWorker(context));
  },
  connect: async ({ worker, sandbox }, use) => {
    await use(async (tracker) => {
      await storeSettings(worker, settingsKey(tracker), sandbox.emulators[tracker].credentials());
    });
  },
});

export { expect } from '@playwright/test';
