import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settingsKey } from '../../lib/settings/keys';
import { startSandbox } from '../sandbox/server';
import { launchFirefox } from './support/launch';

const sandbox = await startSandbox({ port: 443 });
const scratch = mkdtempSync(join(tmpdir(), 'ffprobe-'));
for (const d of ['profile', 'downloads']) mkdirSync(join(scratch, d));
const ff = await launchFirefox({ profileDir: join(scratch, 'profile'), downloadDir: join(scratch, 'downloads') });
try {
  for (const tracker of ['yandex-tracker', 'pyrus'] as const) {
    const entry = [settingsKey(tracker), sandbox.emulators[tracker].credentials()] as const;
    await ff.extension.evaluate((browser, [key, value]) => browser.storage.local.set({ [key]: value }), entry);
    const [sample] = sandbox.emulators[tracker].samplePages();
    const page = await ff.browser.newPage();
    await page.goto(sample!.url);
    await new Promise((r) => setTimeout(r, 4000));
    console.log(
      tracker,
      page.url(),
      await page.evaluate(() => document.querySelectorAll('trackerdrop-toolbar').length),
    );
  }
  console.log('ext console', ff.extension.console);
  console.log('page log', ff.pageLog);
} finally {
  await ff.close();
  await sandbox.close();
}
