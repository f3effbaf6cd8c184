import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { settingsKey } from '../../lib/settings/keys';
import type { LoggedRequest } from '../sandbox/request-log';
import { worksectionSandbox } from '../sandbox/trackers/worksection';
import { extensionUrl, storeSettings } from '../support/chromium';
import { samplePage } from '../support/sample-page';
import { expectText, toolbarOf } from '../support/shadow-ui';
import { expect, test } from './fixtures';

/** What a look-alike page's own script could see of the toolbar (see tests/sandbox/look-alike-site.ts). */
function probe(page: Page): Promise<{ toolbar: boolean; shadowRoot: boolean }> {
  return page.evaluate(() => (globalThis as unknown as { __probe: { toolbar: boolean; shadowRoot: boolean } }).__probe);
}

/** Requests that reached a tracker's API (or anything that would carry credentials). */
function apiRequests(entries: readonly LoggedRequest[]): LoggedRequest[] {
  const apiHosts = [
    'accounts.pyrus.com',
    'api.pyrus.com',
    'files.pyrus.com',
    'api.tracker.yandex.net',
    'api.evil.test',
  ];
  return entries.filter((entry) => apiHosts.includes(entry.host) || entry.path.startsWith('/api/'));
}

test('pages on look-alike hosts and on other accounts get nothing: no task, no request with a key', async ({
  context,
  sandbox,
  connect,
}) => {
  for (const tracker of ['pyrus', 'yandex-tracker', 'worksection', 'planfix'] as const) await connect(tracker);
  const seq = sandbox.log.lastSeq;
  const page = await context.newPage();

  // A domain of the attacker's that starts like Pyrus's: the content script does not even run there.
  await page.goto('https://pyrus.com.evil.test/t#id1001');
  await page.waitForTimeout(1500);
  expect(await probe(page)).toEqual({ toolbar: false, shadowRoot: false });

  // Another PlanFix account, on a path shaped like a Yandex Tracker issue: no tracker's task.
  await page.goto('https://evil.planfix.com/TEST-1');
  await page.waitForTimeout(1500);
  expect(await probe(page)).toEqual({ toolbar: false, shadowRoot: false });

  // Another Worksection account, with a task of the same number as one of the connected account's.
  await page.goto(`https://evil.worksection.com/project/${worksectionSandbox.project}/${worksectionSandbox.mainTask}/`);
  await expectText(toolbarOf(page).getByRole('status'), 'another account than the one connected');
  expect(await probe(page)).toEqual({ toolbar: true, shadowRoot: false });

  expect(apiRequests(sandbox.log.since(seq))).toEqual([]);
});

test('a script of the tracker page can neither open the toolbar nor press its buttons', async ({
  context,
  sandbox,
  connect,
}) => {
  await connect('worksection');
  const sample = samplePage(sandbox, 'worksection');
  const page = await context.newPage();
  await page.goto(sample.url);
  const toolbar = toolbarOf(page);
  await expectText(toolbar.getByRole('status'), /attachments, /);
  expect(await page.evaluate(() => document.querySelector('trackerdrop-toolbar')?.shadowRoot ?? null)).toBeNull();

  const downloadAll = toolbar.getByRole('button', { name: /^Download all/ });
  const seq = sandbox.log.lastSeq;
  // As a script that got hold of the button would: a click of its own making, not the user's.
  await downloadAll.evaluate((button) => (button as HTMLButtonElement).click());
  await page.waitForTimeout(2000);
  expect(sandbox.log.since(seq).filter((entry) => entry.path.includes('action=get_files'))).toEqual([]);

  // The user's own click still works.
  await downloadAll.click();
  await expectText(toolbar.getByRole('status'), /Saved \d+ files\./, { timeout: 30_000 });
});

test('an imported settings file cannot send the saved keys to another server', async ({
  context,
  sandbox,
  worker,
  connect,
}, testInfo) => {
  await connect('pyrus');
  const options = await context.newPage();
  await options.goto(await extensionUrl(context, '/options.html'));
  mkdirSync(testInfo.outputDir, { recursive: true });
  const importFile = (name: string, trackers: object) => {
    const path = join(testInfo.outputDir, name);
    writeFileSync(path, JSON.stringify({ format: 'trackerdrop-settings', version: 1, trackers }));
    return path;
  };

  // A file "without secrets" that points PlanFix at an address of its own is refused whole.
  await options.getByLabel('Import settings').setInputFiles(
    importFile('planfix.json', {
      planfix: { account: 'acme', apiKey: '', token: '', apiServer: 'https://api.evil.test/xml/' },
    }),
  );
  await expect(options.getByText('This file is not a TrackerDrop settings export.')).toBeVisible();

  // One that moves Pyrus to another server is taken, but the saved key stays behind.
  const { login } = sandbox.emulators.pyrus.credentials();
  await options
    .getByLabel('Import settings')
    .setInputFiles(importFile('pyrus.json', { pyrus: { login, securityKey: '', server: 'https://api.evil.test' } }));
  await expect(options.getByText('changes the server of Pyrus')).toBeVisible();
  await expect(options.locator('form#pyrus').getByRole('status')).toHaveText(
    'TrackerDrop may not reach api.evil.test yet: press Save or Test connection to allow it.',
  );
  const stored = await worker.evaluate((key) => chrome.storage.local.get(key), settingsKey('pyrus'));
  expect(stored[settingsKey('pyrus')]).toMatchObject({ server: 'https://api.evil.test', securityKey: '' });

  const seq = sandbox.log.lastSeq;
  const sample = samplePage(sandbox, 'pyrus');
  const page = await context.newPage();
  await page.goto(sample.url);
  await expectText(toolbarOf(page).getByRole('status'), /not connected/);
  expect(apiRequests(sandbox.log.since(seq))).toEqual([]);

  // Even with a key typed in again, nothing goes to a server the user did not grant.
  await storeSettings(worker, settingsKey('pyrus'), {
    ...sandbox.emulators.pyrus.credentials(),
    server: 'https://api.evil.test',
  });
  await page.reload();
  await expectText(toolbarOf(page).getByRole('status'), /not connected/);
  expect(apiRequests(sandbox.log.since(seq))).toEqual([]);
});
