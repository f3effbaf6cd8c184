import { type BrowserContext, test as base, type Worker } from '@playwright/test';
import { settingsKey } from '../../lib/settings';
import type { TrackerId } from '../../lib/trackers/types';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';

interface TestFixtures {
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
  context: async ({ sandbox }, use) => {
    sandbox.reset();
    const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules() });
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
