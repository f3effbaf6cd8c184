import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';

/** The built extension; another folder (`CHROMIUM_EXTENSION_DIR`) lets a test run a build others do not rebuild. */
export const extensionDir = resolve(process.env.CHROMIUM_EXTENSION_DIR ?? '.output/chrome-mv3');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LaunchOptions {
  /** `--host-resolver-rules` mapping the trackers' hostnames onto the sandbox. */
  hostResolverRules: string;
  headless?: boolean;
  /** Where downloads land, keeping the extension's sub-folders (see ../shared/TESTING.md). */
  downloadDir?: string;
  userDataDir?: string;
  locale?: string;
  /** More unpacked extensions loaded beside ours (the bench's bare one, which times the browser alone). */
  moreExtensionDirs?: readonly string[];
  /** A DevTools port for a second client (the bench's worker profile: Playwright opens none on a service worker). */
  remoteDebuggingPort?: number;
}

/** Debian's Chromium with the built extension loaded, the trackers' real hostnames served by the sandbox. */
export async function launchWithExtension(
  options: LaunchOptions,
): Promise<{ context: BrowserContext; userDataDir: string }> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build\` first.`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'trackerdrop-profile-'));
  if (options.downloadDir) {
    mkdirSync(join(userDataDir, 'Default'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'Default', 'Preferences'),
      JSON.stringify({ download: { default_directory: options.downloadDir, prompt_for_download: false } }),
    );
  }
  const loaded = [extensionDir, ...(options.moreExtensionDirs ?? [])].join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: options.headless ?? true,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      '--ignore-certificate-errors',
      `--host-resolver-rules=${options.hostResolverRules}`,
      `--disable-extensions-except=${loaded}`,
      `--load-extension=${loaded}`,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      ...(options.remoteDebuggingPort ? [`--remote-debugging-port=${options.remoteDebuggingPort}`] : []),
    ],
  });
  if (options.downloadDir) await keepExtensionFileNames(context);
  return { context, userDataDir };
}

/**
 * Playwright diverts downloads into its own folder under random names; the browser's default behaviour keeps the
 * extension's `filename` (sub-folders included) under the Preferences' download directory.
 */
async function keepExtensionFileNames(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const session = await context.newCDPSession(page);
  await session.send('Browser.setDownloadBehavior', { behavior: 'default' });
  await session.detach();
}

/** The service worker whose script is at `pathname` in its extension, running or the next to start. */
export async function serviceWorkerAt(context: BrowserContext, pathname: string): Promise<Worker> {
  const at = (worker: Worker) => new URL(worker.url()).pathname === pathname;
  return context.serviceWorkers().find(at) ?? (await context.waitForEvent('serviceworker', { predicate: at }));
}

/** Our extension's service worker (another extension loaded beside it has a worker of another name). */
export function extensionWorker(context: BrowserContext): Promise<Worker> {
  return serviceWorkerAt(context, '/background.js');
}

/** The address of one of the extension's pages, e.g. `/popup.html`. */
export async function extensionUrl(context: BrowserContext, path: string): Promise<string> {
  return new URL(path, (await extensionWorker(context)).url()).href;
}

/** Stores a tracker's settings as the options page will: in the extension's `storage.local`. */
export async function storeSettings(worker: Worker, key: string, value: unknown): Promise<void> {
  await worker.evaluate(([storageKey, stored]) => chrome.storage.local.set({ [storageKey as string]: stored }), [
    key,
    value,
  ] as const);
}

/** Stops the extension's service worker as Chrome does when it is idle (CDP, as in ../shared/TESTING.md). */
export async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const session = await context.newCDPSession(page);
  await session.send('ServiceWorker.enable');
  await session.send('ServiceWorker.stopAllWorkers');
  await session.detach();
}
