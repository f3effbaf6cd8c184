import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, onTestFailed, onTestFinished } from 'vitest';
import { settingsKey } from '../../../lib/settings/keys';
import type { TrackerId } from '../../../lib/trackers/registry';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import type { ExtensionDebugger } from './extension-debugger';
import { launchFirefox, type RunningFirefox } from './launch';
import { FirefoxToolbar } from './toolbar';

/**
 * The sandbox for a test file, on port 443: Firefox sends every hostname to 127.0.0.1 (a pref), so the trackers'
 * real addresses reach it only on the standard port. Files run one at a time (vitest.firefox.config.ts).
 */
export function useSandboxOn443(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    try {
      sandbox = await startSandbox({ port: 443 });
    } catch (error) {
      throw new Error(`the sandbox cannot listen on port 443 (root, or CAP_NET_BIND_SERVICE, is needed): ${error}`);
    }
  });
  beforeEach(() => sandbox?.reset());
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not running');
    return sandbox;
  };
}

/** One test's Firefox: a fresh profile with the extension, a download folder, and a folder for files to attach. */
export class FirefoxUnderTest {
  readonly scratch = mkdtempSync(join(tmpdir(), 'trackerdrop-firefox-'));
  readonly profileDir = join(this.scratch, 'profile');
  readonly downloadDir = join(this.scratch, 'downloads');
  readonly filesDir = join(this.scratch, 'files');
  private running: RunningFirefox | undefined;

  constructor(private readonly sandbox: Sandbox) {
    for (const dir of [this.profileDir, this.downloadDir, this.filesDir]) mkdirSync(dir);
  }

  async start(): Promise<void> {
    this.running = await launchFirefox({ profileDir: this.profileDir, downloadDir: this.downloadDir });
  }

  get firefox(): RunningFirefox {
    if (!this.running) throw new Error('Firefox is not running');
    return this.running;
  }

  get extension(): ExtensionDebugger {
    return this.firefox.extension;
  }

  /** Stores a tracker's settings as the options page does: in the extension's `storage.local`. */
  async connect(tracker: TrackerId): Promise<void> {
    const entry = [settingsKey(tracker), this.sandbox.emulators[tracker].credentials()] as const;
    await this.extension.evaluate((browser, [key, value]) => browser.storage.local.set({ [key]: value }), entry);
  }

  /** Opens a task page in a new tab and waits for the toolbar to list the task's files. */
  async openTask(url: string): Promise<{ page: Page; toolbar: FirefoxToolbar }> {
    const page = await this.firefox.browser.newPage();
    await page.goto(url);
    const toolbar = new FirefoxToolbar(page, this.firefox.bidi);
    await toolbar.expectStatus(/attachments/);
    return { page, toolbar };
  }

  /** Closes the browser as a person does, and starts it again on the same profile. */
  async restart(): Promise<void> {
    await this.close();
    await this.start();
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
  }

  /** What the extension's pages and the tracker pages logged: the first thing to read when a test failed. */
  printConsoles(): void {
    const extension = this.running?.extension.console ?? [];
    const pages = this.running?.pageLog ?? [];
    console.log(
      [
        'Extension console:',
        ...extension.map((entry) => `  [${entry.level}] ${entry.text} (${entry.source})`),
        'Page console:',
        ...pages.map((entry) => `  [${entry.level}] ${entry.text}`),
      ].join('\n'),
    );
  }

  dispose(): void {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** A Firefox for this test, closed and removed with its folders when the test ends. */
export async function firefoxForTest(sandbox: Sandbox): Promise<FirefoxUnderTest> {
  const under = new FirefoxUnderTest(sandbox);
  onTestFailed(() => under.printConsoles());
  onTestFinished(async () => {
    await under.close();
    under.dispose();
  });
  await under.start();
  return under;
}
