/**
 * `npm start`: builds the extension, starts the tracker sandbox and opens Chromium with the extension on a sample
 * task page of each tracker. With a display it stays open for you; without one it runs headless, performs the demo
 * flow and writes a screenshot per tracker into the folder it prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { settingsKey } from '../../lib/storage-keys';
import type { TrackerId } from '../../lib/trackers/types';
import { startSandbox } from '../sandbox/server';
import { extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';

const build = spawnSync('npx', ['wxt', 'build', '-b', 'chrome'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const headless = !process.env.DISPLAY || process.env.HEADLESS === '1';
const sandbox = await startSandbox();
const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules(), headless });
const worker = await extensionWorker(context);

// Until the options page lands, the demo connects each tracker the way that page will: credentials in storage.local.
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
  const status = page.getByRole('region', { name: 'TrackerDrop' }).getByRole('status');
  await status.filter({ hasText: /attachments|вложений|No attachments/ }).waitFor({ timeout: 15_000 });
  console.log(`${tracker}: ${sample.url} -> ${await status.textContent()}`);
  if (headless) await page.screenshot({ path: `${screenshots}/${tracker}.png` });
}

if (headless) {
  console.log(`\nScreenshots of the toolbar on each tracker's sample task: ${screenshots}`);
  await context.close();
  await sandbox.close();
} else {
  console.log('\nChromium is open with the extension on a sample task of each tracker. Ctrl+C ends the demo.');
  process.on('SIGINT', () => {
    void context.close().then(() => sandbox.close().then(() => process.exit(0)));
  });
}
