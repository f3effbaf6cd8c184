/**
 * `npm run store-screenshots`: the store listing's pictures, made from the sandbox demo in en and ru: the toolbar on a
 * task page, the popup, the options page; at the sizes the Chrome Web Store and AMO take (1280 x 800, 640 x 400).
 * Written to docs/store/screenshots/ (not committed: made again whenever the UI changes).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { settingsKey } from '../../lib/settings/keys';
import { trackerOf } from '../../lib/trackers/registry';
import { startSandbox } from '../sandbox/server';
import { extensionUrl, extensionWorker, launchWithExtension, storeSettings } from '../support/chromium';
import { samplePage } from '../support/sample-page';
import { toolbarOf } from '../support/shadow-ui';

const build = spawnSync('npx', ['wxt', 'build', '-b', 'chrome'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const folder = resolve('docs/store/screenshots');
mkdirSync(folder, { recursive: true });
const sandbox = await startSandbox();
try {
  for (const locale of ['en', 'ru'] as const) {
    const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules(), locale });
    const worker = await extensionWorker(context);
    for (const emulator of Object.values(sandbox.emulators)) {
      await storeSettings(worker, settingsKey(emulator.tracker), emulator.credentials());
    }
    // Tested once, as a user would on the options page, so the popup names who each tracker is connected as.
    const options = await context.newPage();
    await options.goto(await extensionUrl(context, '/options.html'));
    for (const emulator of Object.values(sandbox.emulators)) {
      const settings = { ...trackerOf(emulator.tracker).initial, ...emulator.credentials() };
      const input = { tracker: emulator.tracker, settings };
      await options.evaluate((message) => chrome.runtime.sendMessage(message), { route: 'testConnection', input });
    }
    const sample = samplePage(sandbox, 'pyrus');
    const task = await context.newPage();
    await task.goto(sample.url);
    await toolbarOf(task).getByRole('status').filter({ hasText: /\d/ }).waitFor(15_000);
    await task.screenshot({ path: `${folder}/${locale}-toolbar.png` });

    // The popup at the stores' smaller size (640 x 400), the options page at the larger.
    for (const [name, path, viewport] of [
      ['popup', '/popup.html', { width: 640, height: 400 }],
      ['options', '/options.html', { width: 1280, height: 800 }],
    ] as const) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      await page.goto(await extensionUrl(context, path));
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: `${folder}/${locale}-${name}.png` });
    }
    await context.close();
  }
  console.log(`Store screenshots (en, ru): ${folder}`);
} finally {
  await sandbox.close();
}
