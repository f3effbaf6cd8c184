import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { nextRates } from '../../components/popup/rates';
import { checkSettings, missingSecrets, withoutSecrets, withSavedSecrets } from '../../lib/settings/check';
import { exportSettings, parseSettingsExport } from '../../lib/settings/export';
import { managedSchema } from '../../lib/settings/managed-schema';
import { readPreferences } from '../../lib/settings/preferences';
import {
  clearTrackerSettings,
  customOrigins,
  loadTrackerSettings,
  saveTrackerSettings,
  storageMemo,
  withManaged,
} from '../../lib/settings/store';
import { readPlanfixAccount } from '../../lib/trackers/planfix';
import { trackerOf } from '../../lib/trackers/registry';

const pyrus = { login: 'bot@acme.test', securityKey: 'pyrus-secret-key', server: '' };
const planfix = {
  account: 'acme',
  apiKey: 'planfix-api-key',
  signIn: 'token',
  token: 'planfix-token',
  login: '',
  password: '',
  apiServer: 'https://apiru.planfix.ru/xml/',
};

beforeEach(() => fakeBrowser.reset());

describe('settings schema', () => {
  it('accepts and trims what a person types', () => {
    const checked = checkSettings(trackerOf('pyrus'), { ...pyrus, login: '  bot@acme.test ' });
    expect(checked).toEqual({ ok: true, settings: pyrus });
  });

  it('names each wrong field with a message key', () => {
    const checked = checkSettings(trackerOf('worksection'), { accountUrl: 'http://acme.example.com', apiKey: '' });
    expect(checked).toEqual({ ok: false, problems: [{ field: 'accountUrl', message: 'settingsAccountUrlInvalid' }] });
    const yandex = checkSettings(trackerOf('yandex-tracker'), {
      token: 't',
      tokenType: 'Basic',
      orgId: '',
      orgType: '360',
    });
    expect(yandex.ok ? [] : yandex.problems.map((problem) => problem.field).sort()).toEqual(['orgId', 'tokenType']);
  });

  it('refuses fields it does not know (a message cannot smuggle extra keys)', () => {
    expect(checkSettings(trackerOf('pyrus'), { ...pyrus, extra: 'x' }).ok).toBe(false);
  });

  it('keeps a saved secret when the form leaves it empty, and says which are still missing', () => {
    const entered = { ...planfix, apiKey: '', token: 'new-token' };
    expect(withSavedSecrets(trackerOf('planfix'), entered, planfix)).toEqual({ ...planfix, token: 'new-token' });
    expect(missingSecrets(trackerOf('planfix'), withSavedSecrets(trackerOf('planfix'), entered, undefined))).toEqual([
      { field: 'apiKey', message: 'settingsSecretRequired' },
    ]);
    expect(withoutSecrets(trackerOf('planfix'), planfix)).toEqual({ ...planfix, apiKey: '', token: '' });
  });
});

describe('secrets stay with the address they were saved for', () => {
  it('drops the saved secrets when a server address changes, and keeps them for any other change', () => {
    const elsewhere = { ...pyrus, securityKey: '', server: 'https://pyrus.evil.test' };
    expect(withSavedSecrets(trackerOf('pyrus'), elsewhere, pyrus).securityKey).toBe('');
    expect(
      withSavedSecrets(trackerOf('pyrus'), { ...pyrus, securityKey: '', login: 'other@acme.test' }, pyrus).securityKey,
    ).toBe(pyrus.securityKey);
    const otherServer = { ...planfix, apiKey: '', token: '', apiServer: 'https://api.planfix.com/xml/' };
    expect(
      missingSecrets(trackerOf('planfix'), withSavedSecrets(trackerOf('planfix'), otherServer, planfix)).map(
        (p) => p.field,
      ),
    ).toEqual(['apiKey', 'token']);
    const worksection = { accountUrl: 'https://acme.worksection.com', apiKey: 'ws-key' };
    const otherAccount = { accountUrl: 'https://evil.worksection.com', apiKey: '' };
    expect(withSavedSecrets(trackerOf('worksection'), otherAccount, worksection).apiKey).toBe('');
    expect(
      withSavedSecrets(
        trackerOf('worksection'),
        { ...otherAccount, accountUrl: 'https://ACME.worksection.com/' },
        worksection,
      ).apiKey,
    ).toBe('ws-key');
  });

  it('refuses a PlanFix API server that is not one of the documented ones, typed or imported', () => {
    expect(checkSettings(trackerOf('planfix'), { ...planfix, apiServer: 'https://api.evil.test/xml/' }).ok).toBe(false);
    const file = exportSettings(
      { trackers: { planfix: { ...planfix, apiServer: 'https://api.evil.test/xml/' } } },
      false,
    );
    expect(parseSettingsExport(file)).toBeUndefined();
  });

  it('checks a policy like typed settings: an http:// Pyrus server leaves Pyrus unconnected', async () => {
    await saveTrackerSettings(trackerOf('pyrus'), pyrus);
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'http://pyrus.corp.example' } });
    expect(await loadTrackerSettings(trackerOf('pyrus'))).toBeUndefined();
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
    expect((await loadTrackerSettings(trackerOf('pyrus')))?.server).toBe('https://pyrus.corp.example');
  });

  it('forgets what the client cached for the old server when the address changes', async () => {
    await saveTrackerSettings(trackerOf('pyrus'), pyrus);
    await storageMemo.set('pyrus.session', 'token for pyrus.com');
    await saveTrackerSettings(trackerOf('pyrus'), { ...pyrus, login: 'other@acme.test' });
    expect(await storageMemo.get('pyrus.session')).toBe('token for pyrus.com');
    await saveTrackerSettings(trackerOf('pyrus'), { ...pyrus, server: 'https://pyrus.corp.example' });
    expect(await storageMemo.get('pyrus.session')).toBeUndefined();
  });
});

describe('settings storage', () => {
  it('reads settings saved before a field existed with that field at its initial value', async () => {
    await fakeBrowser.storage.local.set({ 'settings.yandex-tracker': { token: 't', orgId: '1' } });
    expect(await loadTrackerSettings(trackerOf('yandex-tracker'))).toEqual({
      token: 't',
      tokenType: 'OAuth',
      orgId: '1',
      orgType: '360',
    });
  });

  it('lets a policy override what the user saved, field by field', () => {
    expect(withManaged(trackerOf('pyrus'), pyrus, { server: 'https://pyrus.corp.example' })).toEqual({
      ...pyrus,
      server: 'https://pyrus.corp.example',
    });
    expect(withManaged(trackerOf('pyrus'), undefined, { login: 'admin@corp.example' })).toEqual({
      login: 'admin@corp.example',
      securityKey: '',
      server: '',
    });
    expect(withManaged(trackerOf('pyrus'), pyrus, undefined)).toBe(pyrus);
  });

  it('Clear forgets the settings and what the client cached, and nothing of the other trackers', async () => {
    await saveTrackerSettings(trackerOf('pyrus'), pyrus);
    await saveTrackerSettings(trackerOf('planfix'), planfix);
    await storageMemo.set('pyrus.session', 'token');
    await storageMemo.set('planfix.task:1', 'cached');
    await clearTrackerSettings(trackerOf('pyrus'));
    expect(await loadTrackerSettings(trackerOf('pyrus'))).toBeUndefined();
    expect(await storageMemo.get('pyrus.session')).toBeUndefined();
    expect(await loadTrackerSettings(trackerOf('planfix'))).toEqual(planfix);
    expect(await storageMemo.get('planfix.task:1')).toBe('cached');
  });
});

describe('export and import', () => {
  const snapshot = { trackers: { pyrus, planfix }, preferences: readPreferences(undefined) };

  it('leaves every secret out unless asked for', () => {
    const plain = JSON.stringify(exportSettings(snapshot, false));
    for (const secret of [pyrus.securityKey, planfix.apiKey, planfix.token]) expect(plain).not.toContain(secret);
    expect(plain).toContain(pyrus.login);
    const full = JSON.stringify(exportSettings(snapshot, true));
    for (const secret of [pyrus.securityKey, planfix.apiKey, planfix.token]) expect(full).toContain(secret);
  });

  it('reads its own export back', () => {
    const parsed = parseSettingsExport(JSON.parse(JSON.stringify(exportSettings(snapshot, true))));
    expect(parsed).toEqual(snapshot);
  });

  it('refuses another file, an unknown tracker or a bad value as a whole', () => {
    expect(parseSettingsExport({ trackers: {} })).toBeUndefined();
    const file = exportSettings(snapshot, false);
    expect(parseSettingsExport({ ...file, trackers: { jira: {} } })).toBeUndefined();
    expect(parseSettingsExport({ ...file, trackers: { pyrus: { ...pyrus, login: 'not an email' } } })).toBeUndefined();
    expect(parseSettingsExport({ ...file, preferences: { ...snapshot.preferences, parallelDownloads: 60 } })).toBe(
      undefined,
    );
  });

  it('reads preferences exported before "When a file is already there" existed with its default', () => {
    // The five preferences of version 1 files written before existingFiles came in (5177dcb).
    const older = {
      pathPattern: '{taskId}/{fileName}',
      parallelDownloads: 3,
      zipByDefault: true,
      parallelUploads: 1,
      defaultComment: 'From TrackerDrop',
    };
    const file = { format: 'trackerdrop-settings', version: 1, trackers: { pyrus }, preferences: older };
    expect(parseSettingsExport(file)).toEqual({
      trackers: { pyrus },
      preferences: { ...older, existingFiles: 'skip-identical' },
    });
    expect(parseSettingsExport({ ...file, preferences: { ...older, theme: 'dark' } })).toBeUndefined();
    expect(parseSettingsExport({ ...file, preferences: { ...older, existingFiles: 'ask' } })).toBeUndefined();
  });
});

describe('preferences', () => {
  it('fills defaults and drops values that no longer fit', () => {
    expect(readPreferences({ parallelDownloads: 3, parallelUploads: 99, zipByDefault: 'yes' })).toMatchObject({
      parallelDownloads: 3,
      parallelUploads: 2,
      zipByDefault: false,
    });
  });
});

describe('options helpers', () => {
  it('asks for a host permission only where the manifest does not grant it', () => {
    expect(customOrigins(trackerOf('pyrus'), pyrus)).toEqual([]);
    expect(customOrigins(trackerOf('pyrus'), { ...pyrus, server: 'https://pyrus.corp.example:8443' })).toEqual([
      'https://pyrus.corp.example/*',
    ]);
    expect(customOrigins(trackerOf('planfix'), planfix)).toEqual([]);
    expect(customOrigins(trackerOf('planfix'), { ...planfix, apiServer: 'https://api-sg.planfix.com/xml/' })).toEqual(
      [],
    );
    expect(customOrigins(trackerOf('planfix'), { ...planfix, apiServer: 'https://planfix.corp.example/xml/' })).toEqual(
      ['https://planfix.corp.example/*'],
    );
  });

  it('reads a PlanFix account from a name, a host or a page address', () => {
    expect(readPlanfixAccount('acme')).toEqual({ account: 'acme' });
    expect(readPlanfixAccount('Acme.planfix.com')).toEqual({
      account: 'acme',
      defaultApiServer: 'https://api.planfix.com/xml/',
    });
    expect(readPlanfixAccount('https://acme.planfix.ru/task/501')).toEqual({
      account: 'acme',
      defaultApiServer: 'https://apiru.planfix.ru/xml/',
    });
  });

  it('describes every settings field in the policy schema', () => {
    const schema = managedSchema() as { properties: Record<string, { properties: Record<string, unknown> }> };
    expect(Object.keys(schema.properties)).toEqual(['pyrus', 'yandex-tracker', 'worksection', 'planfix']);
    expect(Object.keys(schema.properties.planfix?.properties ?? {})).toEqual([
      'account',
      'apiKey',
      'signIn',
      'token',
      'login',
      'password',
      'apiServer',
    ]);
  });

  it('measures transfer speed from successive samples', () => {
    const first = nextRates(new Map(), [{ id: 'a', bytesDone: 0 }], 1000);
    const second = nextRates(first, [{ id: 'a', bytesDone: 1024 * 1024 }], 2000);
    expect(second.get('a')?.bytesPerSecond).toBe(1024 * 1024);
    const third = nextRates(second, [{ id: 'a', bytesDone: 1024 * 1024 }], 3000);
    expect(third.get('a')?.bytesPerSecond).toBeCloseTo(1024 * 1024 * 0.6);
  });
});
