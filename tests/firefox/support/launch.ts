import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { type BidiConnection, bidiOf } from './bidi';
import { ExtensionDebugger } from './extension-debugger';
import { packExtension } from './xpi';

/** The build under test: the shipped Firefox build unless told otherwise (e.g. the `--mv3` one, to compare). */
export const extensionDir = resolve(process.env.FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv2');
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const addonId = 'trackerdrop@trackerdrop.dev';
/** Fixed by a pref, so the extension's pages have a known address (`moz-extension://<uuid>/`). */
export const extensionUuid = '7d1c0f43-3a57-4f0e-9d6b-2c51f4d0a001';

export interface LaunchOptions {
  /** A Firefox profile folder: empty the first time (the extension is installed into it), reused to restart. */
  profileDir: string;
  /** Where downloads land, keeping the extension's sub-folders. */
  downloadDir: string;
}

/** A console entry of a web page (the tracker page, where the content script runs), as BiDi reports it. */
export interface PageLogEntry {
  level: string;
  text: string;
}

export interface RunningFirefox {
  browser: Browser;
  bidi: BidiConnection;
  extension: ExtensionDebugger;
  pageLog: PageLogEntry[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function prefs(downloadDir: string): Record<string, unknown> {
  return {
    // Every hostname to this machine, where the sandbox listens on 443 behind the trackers' real names.
    'network.dns.forceResolve': '127.0.0.1',
    'network.proxy.type': 0,
    // Downloads go without asking into the scratch folder, keeping the extension's sub-folders.
    'browser.download.dir': downloadDir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: extensionUuid }),
    // The build is not signed by Mozilla; ESR lets a profile take unsigned add-ons, installed for good like a
    // user's (a temporary add-on would be gone after a restart).
    'xpinstall.signatures.required': false,
    'extensions.autoDisableScopes': 0,
    // The DevTools server, as about:debugging uses it: the only way into the extension's own pages.
    'devtools.debugger.remote-enabled': true,
    'devtools.chrome.enabled': true,
    'devtools.debugger.prompt-connection': false,
  };
}

/**
 * Debian's Firefox ESR driven over WebDriver BiDi (puppeteer-core), with the built extension installed in the
 * profile and the DevTools server open to reach its background page. The first launch of a profile installs the
 * extension; a launch with the same profile finds it there, as a restarted browser does.
 */
export async function launchFirefox(options: LaunchOptions): Promise<RunningFirefox> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npx wxt build -b firefox\` first.`);
  }
  const debuggerPort = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: process.env.HEADLESS !== '0',
    acceptInsecureCerts: true,
    userDataDir: options.profileDir,
    args: ['--start-debugger-server', String(debuggerPort)],
    extraPrefsFirefox: prefs(options.downloadDir),
  });
  try {
    const bidi = bidiOf(browser);
    const pageLog: PageLogEntry[] = [];
    bidi.on('log.entryAdded', (entry) => {
      const { level, text } = entry as { level?: string; text?: string | null };
      pageLog.push({ level: level ?? 'info', text: text ?? '' });
    });
    await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
    if (!existsSync(join(options.profileDir, 'extensions', `${addonId}.xpi`))) {
      const xpi = join(dirname(options.profileDir), 'trackerdrop.xpi');
      packExtension(extensionDir, xpi);
      await bidi.send('webExtension.install', {
        extensionData: { type: 'archivePath', path: xpi },
        'moz:permanent': true,
      });
    }
    const extension = await ExtensionDebugger.attach(debuggerPort, addonId);
    return {
      browser,
      bidi,
      extension,
      pageLog,
      async close() {
        extension.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
