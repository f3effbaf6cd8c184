/**
 * `npm start`: builds the extension, starts the tracker sandbox and opens Chromium with the extension on a sample
 * task page of each tracker. With a display it stays open for you; without one it runs headless, performs the demo
 * flow and writes a screenshot per tracker into the folder it prints.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { settingsKey } from '../../lib/settings/keys';
import type { TrackerId } from '../../lib/trackers/registry';
import { startSandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';
import { toolbarOf } from '../support/shadow-ui';

const build = spawnSync('npx', ['wxt', 'build', '-b', 'chrome'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const headless = !process.env.DISPLAY || process.env.HEADLESS === '1';
const sandbox = await startSandbox();
// Headless, the demo saves each task's files into a scratch folder it names at the end.
const downloadDir = headless ? mkdtempSync(join(tmpdir(), 'trackerdrop-demo-downloads-')) : undefined;
const { context } = await launchWithExtension({
  hostResolverRules: sandbox.hostResolverRules(),
  headless,
  downloadDir,
});
const worker = await extensionWorker(context);

// The demo connects each tracker with the sandbox's credentials, as Save on the options page would store them.
for (const emulator of Object.values(sandbox.emulators)) {
  await storeSettings(worker, settingsKey(emulator.tracker), emulator.credentials());
}

const screenshots = resolve('.cache/demo-screenshots');
mkdirSync(screenshots, { recursive: true });
const trackers = Object.keys(sandbox.emulators) as TrackerId[];
for (const tracker of trackers) {
  const [sample] = sandbox.emulators[tracker].samplePages();
  if (!sample) continue;
  const page = await context.newPage();
  await page.goto(sample.url);
  const toolbar = toolbarOf(page);
  const status = toolbar.getByRole('status');
  await status.filter({ hasText: /^\d+ attachments|^Вложений: \d|No attachments|нет вложений/ }).waitFor(15_000);
  console.log(`${tracker}: ${sample.url} -> ${await status.textContent()}`);
  if (headless) {
    await toolbar.getByRole('button', { name: /^(Download all|Скачать все)/ }).click();
    await status.filter({ hasText: /Saved \d+ files|Скачано файлов/ }).waitFor(60_000);
    console.log(`  -> ${await status.textContent()}`);
    await page.screenshot({ path: `${screenshots}/${tracker}.png` });
  }
}

if (headless) {
  console.log(`\nScreenshots of the toolbar on each tracker's sample task: ${screenshots}`);
  console.log(`The files saved by Download all: ${downloadDir}`);
  await context.close();
  await sandbox.close();
} else {
  console.log('\nChromium is open with the extension on a sample task of each tracker. Ctrl+C ends the demo.');
  process.on('SIGINT', () => {
    void context.close().then(() => sandbox.close().then(() => process.exit(0)));
  });
}
