import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import type { TrackerId } from '../../lib/trackers/registry';
import type { Sandbox } from '../sandbox/server';
import { planfixSandbox } from '../sandbox/trackers/planfix';
import { extensionUrl, launchWithExtension } from '../support/chromium';
import { listFiles } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { expectText, toolbarOf } from '../support/shadow-ui';
import { pyrusStopsServing } from '../support/unserved-file';
import { expect, test } from './fixtures';

/** The labels of ../shared/trackers/SETTINGS.md, written out here so a changed label fails the test. */
const labels: Record<TrackerId, Record<string, string>> = {
  pyrus: { login: 'Login', securityKey: 'Security key', server: 'Server' },
  'yandex-tracker': {
    token: 'Token',
    tokenType: 'Token type',
    orgId: 'Organization ID',
    orgType: 'Organization type',
  },
  worksection: { accountUrl: 'Account address', apiKey: 'API key' },
  planfix: {
    account: 'Account',
    apiKey: 'API key',
    signIn: 'Sign in with',
    token: 'Token',
    login: 'Login',
    password: 'Password',
    apiServer: 'API server',
  },
};
const legends: Record<TrackerId, string> = {
  pyrus: 'Pyrus',
  'yandex-tracker': 'Yandex Tracker',
  worksection: 'Worksection',
  planfix: 'PlanFix',
};
/** Who each sandboxed tracker says the credentials belong to. */
const identities: Record<TrackerId, string> = {
  pyrus: 'TrackerDrop Bot',
  'yandex-tracker': 'TrackerDrop Robot',
  // A Worksection admin API key belongs to the account, not to a person.
  worksection: 'acme.worksection.com (admin API)',
  planfix: 'Anna Petrova',
};
const wrongKeyMessages: Record<TrackerId, { field: string; message: string }> = {
  pyrus: { field: 'securityKey', message: 'Wrong login or security key: Pyrus refused them.' },
  'yandex-tracker': {
    field: 'token',
    message: 'Wrong token: Yandex Tracker refused it (check the token and its type).',
  },
  worksection: { field: 'apiKey', message: 'Wrong API key: Worksection refused it.' },
  planfix: { field: 'apiKey', message: 'Wrong API key or token: PlanFix refused them.' },
};
const secretNames = ['securityKey', 'token', 'apiKey', 'password'];
const trackers = Object.keys(labels) as TrackerId[];
const screenshotDir = join('.cache', 'screenshots');

/** Every console error and uncaught exception of a page, to assert there are none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

function fieldset(page: Page, tracker: TrackerId): Locator {
  return page.getByRole('group', { name: legends[tracker], exact: true });
}

async function fill(group: Locator, tracker: TrackerId, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const label = labels[tracker][name];
    if (!label) throw new Error(`no label for ${tracker}.${name}`);
    const control = group.getByLabel(label, { exact: true });
    if ((await control.evaluate((element) => element.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}

async function openOptions(context: BrowserContext, hash = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(await extensionUrl(context, `/options.html${hash}`));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return { page, errors };
}

async function connectThroughOptions(page: Page, sandbox: Sandbox, tracker: TrackerId): Promise<void> {
  const group = fieldset(page, tracker);
  await fill(group, tracker, sandbox.emulators[tracker].credentials());
  await group.getByRole('button', { name: 'Save' }).click();
  await expect(group.getByRole('status')).toHaveText(`Saved. Connected as ${identities[tracker]}`, { timeout: 20_000 });
}

/** The newest file in a folder, read as JSON (the browser numbers repeated names). */
function newestJson(dir: string): unknown {
  const [newest] = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs);
  if (!newest) throw new Error(`no export in ${dir}`);
  return JSON.parse(readFileSync(join(dir, newest), 'utf8'));
}

for (const tracker of trackers) {
  test(`${legends[tracker]}: fields by their labels, Test connection names the identity, a wrong key says why`, async ({
    context,
    sandbox,
  }) => {
    const { page, errors } = await openOptions(context, `#${tracker}`);
    const group = fieldset(page, tracker);
    const credentials = sandbox.emulators[tracker].credentials();
    await fill(group, tracker, credentials);
    await group.getByRole('button', { name: 'Test connection' }).click();
    await expect(group.getByRole('status')).toHaveText(`Connected as ${identities[tracker]}`, { timeout: 20_000 });

    const wrong = wrongKeyMessages[tracker];
    await fill(group, tracker, { [wrong.field]: `${credentials[wrong.field]}-wrong` });
    await group.getByRole('button', { name: 'Test connection' }).click();
    await expect(group.getByRole('status')).toHaveText(wrong.message, { timeout: 20_000 });
    expect(errors).toEqual([]);
  });
}

test('Yandex Tracker: a wrong organization ID is named as the reason', async ({ context, sandbox }) => {
  const { page } = await openOptions(context);
  const group = fieldset(page, 'yandex-tracker');
  await fill(group, 'yandex-tracker', { ...sandbox.emulators['yandex-tracker'].credentials(), orgId: '999999' });
  await group.getByRole('button', { name: 'Test connection' }).click();
  await expect(group.getByRole('status')).toHaveText(
    'Yandex Tracker refused the organization: check the Organization ID and Organization type.',
    { timeout: 20_000 },
  );
});

test('invalid input is named field by field, and nothing reaches the tracker', async ({ context, sandbox }) => {
  const { page } = await openOptions(context);
  const group = fieldset(page, 'worksection');
  await fill(group, 'worksection', { accountUrl: 'acme.example.com' });
  await group.getByRole('button', { name: 'Save' }).click();
  await expect(group.getByLabel('Account address', { exact: true })).toHaveAccessibleDescription(
    /looks like https:\/\/<name>\.worksection\.com/,
  );
  await expect(group.getByLabel('API key', { exact: true })).toHaveAccessibleDescription(/nothing is saved yet/);
  expect(sandbox.log.since().filter((request) => request.host.endsWith('worksection.com'))).toEqual([]);
});

test('a saved secret is never shown again, is kept when left empty, and Clear forgets it', async ({
  context,
  sandbox,
}) => {
  const { page } = await openOptions(context);
  await connectThroughOptions(page, sandbox, 'pyrus');
  await page.reload();
  const group = fieldset(page, 'pyrus');
  const key = group.getByLabel('Security key', { exact: true });
  await expect(group.getByLabel('Login', { exact: true })).toHaveValue(
    sandbox.emulators.pyrus.credentials().login ?? '',
  );
  await expect(key).toHaveValue('');
  await expect(key).toHaveAttribute('type', 'password');
  await expect(key).toHaveAttribute('placeholder', /saved/);
  expect(await page.content()).not.toContain(sandbox.emulators.pyrus.credentials().securityKey);

  // Left empty, the saved key is used.
  await group.getByRole('button', { name: 'Test connection' }).click();
  await expect(group.getByRole('status')).toHaveText(`Connected as ${identities.pyrus}`, { timeout: 20_000 });

  await group.getByRole('button', { name: 'Clear' }).click();
  await expect(group.getByRole('status')).toHaveText(/^Cleared/);
  await page.reload();
  await expect(fieldset(page, 'pyrus').getByLabel('Login', { exact: true })).toHaveValue('');
  await expect(fieldset(page, 'pyrus').getByLabel('Security key', { exact: true })).not.toHaveAttribute(
    'placeholder',
    /saved/,
  );
});

test('export leaves every secret out unless asked, and the file imports back', async ({
  context,
  sandbox,
  downloadDir,
}) => {
  const { page, errors } = await openOptions(context);
  for (const tracker of trackers) await connectThroughOptions(page, sandbox, tracker);
  const secrets = trackers.flatMap((tracker) =>
    Object.entries(sandbox.emulators[tracker].credentials())
      .filter(([name]) => secretNames.includes(name))
      .map(([, value]) => value),
  );

  await page.getByRole('button', { name: 'Export settings' }).click();
  await expect.poll(() => readdirSync(downloadDir).length).toBe(1);
  const plain = JSON.stringify(newestJson(downloadDir));
  expect(plain).toContain(sandbox.emulators.pyrus.credentials().login);
  for (const secret of secrets) expect(plain).not.toContain(secret);

  await page.getByLabel('Include secrets').check();
  await page.getByRole('button', { name: 'Export settings' }).click();
  await expect.poll(() => readdirSync(downloadDir).length).toBe(2);
  const full = JSON.stringify(newestJson(downloadDir));
  for (const secret of secrets) expect(full).toContain(secret);

  // Into a browser with nothing saved: the secrets come with the file and the connection works.
  for (const tracker of trackers) await fieldset(page, tracker).getByRole('button', { name: 'Clear' }).click();
  const exported = readdirSync(downloadDir)
    .map((name) => join(downloadDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  await page.getByLabel('Import settings').setInputFiles(exported ?? '');
  await expect(page.getByText('Imported: Pyrus, Yandex Tracker, Worksection, PlanFix.')).toBeVisible();
  await fieldset(page, 'planfix').getByRole('button', { name: 'Test connection' }).click();
  await expect(fieldset(page, 'planfix').getByRole('status')).toHaveText(`Connected as ${identities.planfix}`, {
    timeout: 20_000,
  });
  expect(errors).toEqual([]);
});

test('the popup and the icon badge show a running transfer with moving progress', async ({
  context,
  sandbox,
  worker,
}) => {
  test.setTimeout(90_000);
  const { page: options } = await openOptions(context);
  await connectThroughOptions(options, sandbox, 'pyrus');

  const task = samplePage(sandbox, 'pyrus', 1);
  sandbox.emulators.pyrus.addFile(task.containerId, 'slow video.mp4', {
    kind: 'generated',
    seed: 'popup-slow',
    size: 8 * 1024 * 1024,
  });
  sandbox.faults.add({ host: 'files.pyrus.com', path: '/v4/files/download/', bytesPerSecond: 512 * 1024, times: 10 });
  const taskPage = await context.newPage();
  await taskPage.goto(task.url);
  const toolbar = toolbarOf(taskPage);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();

  const popup = await context.newPage();
  const errors = watchErrors(popup);
  await popup.goto(await extensionUrl(context, '/popup.html'));
  await expect(popup.getByText(`Connected as ${identities.pyrus}`)).toBeVisible();
  await expect(popup.getByText('Not connected').first()).toBeVisible();
  const bar = popup.getByRole('progressbar', { name: 'slow video.mp4' });
  await expect(bar).toBeVisible({ timeout: 20_000 });
  const progress = async () => Number(await bar.getAttribute('value'));
  await expect.poll(progress, { timeout: 20_000 }).toBeGreaterThan(0);
  const first = await progress();
  await expect.poll(progress, { timeout: 20_000 }).toBeGreaterThan(first);
  await expect(popup.getByText(/\/s, \d+:\d\d left/)).toBeVisible();
  const badge = () => worker.evaluate(() => chrome.action.getBadgeText({}));
  await expect.poll(badge).toBe('1');

  await popup
    .getByRole('listitem')
    .filter({ hasText: 'slow video.mp4' })
    .getByRole('button', { name: 'Cancel: slow video.mp4' })
    .click();
  await expect(popup.getByRole('listitem').filter({ hasText: 'slow video.mp4' })).toContainText('cancelled');
  await expect.poll(badge).toBe('');
  expect(errors).toEqual([]);
});

for (const locale of ['en-US', 'ru'] as const) {
  test(`screenshots of the options page and the popup in ${locale}, light and dark`, async ({ sandbox }) => {
    test.setTimeout(90_000);
    sandbox.reset();
    const { context } = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules(), locale });
    try {
      const { page, errors } = await openOptions(context);
      const heading = locale === 'ru' ? 'Настройки TrackerDrop' : 'TrackerDrop settings';
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      const group = fieldset(page, 'pyrus');
      await group.locator('input[name=login]').fill(sandbox.emulators.pyrus.credentials().login ?? '');
      await group.locator('input[name=securityKey]').fill(sandbox.emulators.pyrus.credentials().securityKey ?? '');
      await group.locator('button[type=submit]').click();
      await expect(group.getByRole('status')).toContainText(identities.pyrus, { timeout: 20_000 });

      const popup = await context.newPage();
      const popupErrors = watchErrors(popup);
      await popup.setViewportSize({ width: 420, height: 600 });
      await popup.goto(await extensionUrl(context, '/popup.html'));
      await expect(popup.getByText(identities.pyrus)).toBeVisible();

      mkdirSync(screenshotDir, { recursive: true });
      for (const scheme of ['light', 'dark'] as const) {
        for (const [name, shown] of [
          ['options', page],
          ['popup', popup],
        ] as const) {
          await shown.emulateMedia({ colorScheme: scheme });
          const background = await shown.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
          expect(background, `${name} ${scheme}`).toBe(scheme === 'dark' ? 'rgb(22, 26, 34)' : 'rgb(255, 255, 255)');
          await shown.screenshot({ path: join(screenshotDir, `${name}-${locale}-${scheme}.png`), fullPage: true });
        }
      }
      expect([...errors, ...popupErrors]).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test('the popup retries a failed download, and removes a finished one from its list', async ({
  context,
  sandbox,
  connect,
  downloadDir,
}) => {
  await connect('pyrus');
  const task = samplePage(sandbox, 'pyrus');
  const files = sandbox.emulators.pyrus.files(task.containerId);
  const missing = files.find((file) => files.filter((other) => other.name === file.name).length === 1);
  if (!missing) throw new Error('the sample task has no file of a name of its own');
  pyrusStopsServing(sandbox, missing.id);
  const taskPage = await context.newPage();
  await taskPage.goto(task.url);
  const toolbar = toolbarOf(taskPage);
  await expectText(toolbar.getByRole('status'), /attachments, /);
  await toolbar.getByRole('button', { name: /^Download all/ }).click();
  await expectText(toolbar.getByRole('status'), `Saved ${files.length - 1} files; 1 failed.`, { timeout: 45_000 });

  const popup = await context.newPage();
  await popup.goto(await extensionUrl(context, '/popup.html'));
  const row = popup.getByRole('listitem').filter({ hasText: missing.name });
  await expect(row).toContainText('failed');
  sandbox.faults.clear();
  await row.getByRole('button', { name: `Retry: ${missing.name}` }).click();
  await expect(row).toContainText('done', { timeout: 30_000 });
  expect(listFiles(downloadDir)).toHaveLength(files.length);
  await row.getByRole('button', { name: `Remove: ${missing.name}` }).click();
  await expect(row).toHaveCount(0);
  // Removed from the queue, not from the disk.
  expect(listFiles(downloadDir)).toHaveLength(files.length);
});

test('everything on the options page is reachable by keyboard, with a visible focus ring', async ({ context }) => {
  const { page } = await openOptions(context);
  const reached = new Set<string>();
  for (let step = 0; step < 60; step++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return undefined;
      const style = getComputedStyle(element);
      return { id: element.id || element.textContent?.trim() || element.tagName, outline: style.outlineStyle };
    });
    if (!focused) continue;
    expect(focused.outline, focused.id).not.toBe('none');
    reached.add(focused.id);
  }
  for (const id of ['pyrus-login', 'yandex-tracker-orgType', 'worksection-apiKey', 'planfix-apiServer', 'pref-path']) {
    expect(reached).toContain(id);
  }
});

test('PlanFix by login and password: saved, tested, and the task page lists its files through a session', async ({
  context,
  sandbox,
}) => {
  const { page, errors } = await openOptions(context, '#planfix');
  const group = fieldset(page, 'planfix');
  const { account, apiKey, apiServer } = sandbox.emulators.planfix.credentials();
  const byLogin = { account: account ?? '', apiKey: apiKey ?? '', signIn: 'login', login: planfixSandbox.login };
  await fill(group, 'planfix', { ...byLogin, password: 'not-the-password', apiServer: apiServer ?? '' });
  await expect(group.getByLabel('Token', { exact: true })).toHaveCount(0);
  await group.getByRole('button', { name: 'Test connection' }).click();
  await expect(group.getByRole('status')).toHaveText('Wrong login or password: PlanFix refused them.', {
    timeout: 20_000,
  });
  await fill(group, 'planfix', { password: planfixSandbox.password });
  await group.getByRole('button', { name: 'Save' }).click();
  await expect(group.getByRole('status')).toHaveText('Saved. Connected as Anna Petrova', { timeout: 20_000 });

  const sample = samplePage(sandbox, 'planfix');
  const task = await context.newPage();
  await task.goto(sample.url);
  const expected = sandbox.emulators.planfix.files(sample.containerId).length;
  await expectText(toolbarOf(task).getByRole('status'), new RegExp(`^${expected} attachments, `));
  expect(errors).toEqual([]);
});

/**
 * Jobs of both queues in the extension's own database, in the states given, with one stored chunk per upload job:
 * what Clear finished works on, without running a transfer for each.
 */
async function storeFinishedJobs(worker: Worker, jobs: { store: 'downloads' | 'uploads'; state: string }[]) {
  await expect
    .poll(() =>
      worker.evaluate(async () => (await indexedDB.databases()).find((db) => db.name === 'trackerdrop')?.version),
    )
    .toBe(5);
  await worker.evaluate(async (records) => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('trackerdrop');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const transaction = database.transaction(['downloads', 'uploads', 'chunks'], 'readwrite');
    records.forEach(({ store, state }, index) => {
      const id = `${store}-${state}-${index}`;
      transaction
        .objectStore(store)
        .put({ id, state, taskKey: 'pyrus:pyrus.com:task:1', batchId: 'b', createdAt: index });
      if (store === 'uploads')
        transaction.objectStore('chunks').put({ jobId: id, index: 0, blob: new Blob(['bytes']) });
    });
    await new Promise((resolve) => {
      transaction.oncomplete = resolve;
    });
    database.close();
  }, jobs);
}

/** What is left in the database: each store's ids, sorted. */
function storedIds(worker: Worker) {
  return worker.evaluate(async () => {
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('trackerdrop');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = (store: string) =>
      new Promise<IDBValidKey[]>((resolve) => {
        const request = database.transaction(store).objectStore(store).getAllKeys();
        request.onsuccess = () => resolve(request.result);
      });
    const ids = {
      downloads: (await all('downloads')).map(String).sort(),
      uploads: (await all('uploads')).map(String).sort(),
      chunksOf: (await all('chunks')).map((key) => String((key as unknown[])[0])).sort(),
    };
    database.close();
    return ids;
  });
}

test('Clear finished forgets done and cancelled transfers and their stored bytes, and keeps failed ones', async ({
  context,
  worker,
}) => {
  const states = ['done', 'done', 'cancelled', 'failed'];
  await storeFinishedJobs(worker, [
    ...states.map((state) => ({ store: 'downloads' as const, state })),
    ...states.map((state) => ({ store: 'uploads' as const, state })),
  ]);
  const { page } = await openOptions(context);
  await page.getByRole('button', { name: 'Clear finished' }).click();
  await expect(page.getByRole('region', { name: 'Storage' }).getByRole('status')).toHaveText(
    'Removed 6 finished transfers.',
  );
  expect(await storedIds(worker)).toEqual({
    downloads: ['downloads-failed-3'],
    uploads: ['uploads-failed-7'],
    chunksOf: ['uploads-failed-7'],
  });
});
