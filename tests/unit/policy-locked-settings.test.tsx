import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { type TrackerForm, useTrackerForm } from '../../components/options/use-tracker-form';
import { t } from '../../lib/i18n/t';
import { exportFormat } from '../../lib/settings/export';
import { loadSavedSettings, loadTrackerSettings, saveTrackerSettings } from '../../lib/settings/store';
import { trackerOf } from '../../lib/trackers/registry';
import { installDom, settle } from '../support/dom';
import { fakeHostPermissions } from '../support/host-permissions';
import { importSettingsFile } from '../support/import-settings';

/** Fields an administrator presets (`storage.managed`) are locked on the options page, and win over saved ones. */

let root!: Element;
let form!: TrackerForm;
let sent: unknown[] = [];

function Form({ id }: { id: string }) {
  form = useTrackerForm(trackerOf(id));
  return null;
}

async function openForm(id: string): Promise<void> {
  render(<Form id={id} />, root);
  await settle();
}

function importFile(json: unknown): Promise<string | null | undefined> {
  return importSettingsFile(root, json);
}

beforeAll(() => {
  root = installDom();
  fakeBrowser.reset();
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    sent.push(message);
    return Promise.resolve({ ok: true, value: { name: 'Bot' } });
  });
});

afterEach(() => {
  // Unmounted while the fake permissions still answer (the form stops listening to them).
  render(null, root);
  vi.restoreAllMocks();
});

beforeEach(async () => {
  // Cleared, not reset: a reset takes the listener that tells the policy kept in memory it changed.
  await fakeBrowser.storage.local.clear();
  await fakeBrowser.storage.managed.clear();
  sent = [];
  render(null, root);
  // An administrator who sets a server usually grants the extension its host too.
  fakeHostPermissions().add('https://pyrus.corp.example/*');
});

describe('the options form under a policy', () => {
  it('tests a connection whose secret the policy sets, with nothing saved', async () => {
    await fakeBrowser.storage.managed.set({ pyrus: { login: 'bot@acme.test', securityKey: 'policy-key' } });
    await openForm('pyrus');
    expect(form.locked).toEqual(['login', 'securityKey']);
    await act(() => form.test());
    expect(form.problems).toEqual([]);
    expect(form.status).toEqual({ tone: 'ok', text: t('optionsConnectedAs', 'Bot') });
    // The page never holds the secret: the worker adds the one in effect.
    expect(sent).toEqual([
      {
        route: 'testConnection',
        input: { tracker: 'pyrus', settings: { login: 'bot@acme.test', securityKey: '', server: '' } },
      },
    ]);
  });

  it('keeps the saved key on Save when the policy sets another server than the one saved with it', async () => {
    const pyrus = trackerOf('pyrus');
    await saveTrackerSettings(pyrus, { login: 'bot@acme.test', securityKey: 'own-key', server: '' });
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
    // The browser grants the policy's server (an administrator's policy usually grants it too).
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    await openForm('pyrus');
    await act(() => form.save());
    expect((await loadSavedSettings(pyrus))?.securityKey).toBe('own-key');
  });

  it('keeps the fields the policy sets through Clear, so a new token saves', async () => {
    const yandex = trackerOf('yandex-tracker');
    await fakeBrowser.storage.managed.set({ 'yandex-tracker': { orgId: '12345' } });
    await saveTrackerSettings(yandex, { token: 'old', tokenType: 'OAuth', orgId: '12345', orgType: '360' });
    await openForm('yandex-tracker');
    await act(() => form.clear());
    expect(form.values).toEqual({ token: '', tokenType: 'OAuth', orgId: '12345', orgType: '360' });
    act(() => form.change('token', 'new-token'));
    await act(() => form.save());
    expect(form.problems).toEqual([]);
    expect(await loadSavedSettings(yandex)).toEqual({
      token: 'new-token',
      tokenType: 'OAuth',
      orgId: '12345',
      orgType: '360',
    });
  });
});

describe('importing settings', () => {
  const pyrus = trackerOf('pyrus');

  it('forgets the last connection test of each tracker the file changes', async () => {
    await saveTrackerSettings(pyrus, { login: 'anna@acme.test', securityKey: 'cloud-key', server: '' });
    await fakeBrowser.storage.local.set({ 'connection.pyrus': { ok: true, name: 'Anna', checkedAt: 1 } });
    await importFile({
      format: exportFormat,
      version: 1,
      trackers: { pyrus: { login: 'bob@corp.test', securityKey: '', server: 'https://pyrus.corp.example' } },
    });
    expect((await loadSavedSettings(pyrus))?.securityKey).toBe('');
    expect(await fakeBrowser.storage.local.get('connection.pyrus')).toEqual({});
  });

  it('sends no key from the file to a server the policy sets instead of the file’s', async () => {
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
    await saveTrackerSettings(pyrus, {
      login: 'anna@corp.test',
      securityKey: 'corp-key',
      server: 'https://pyrus.corp.example',
    });
    const status = await importFile({
      format: exportFormat,
      version: 1,
      trackers: { pyrus: { login: 'anna@home.test', securityKey: 'cloud-key', server: '' } },
    });
    expect(await loadTrackerSettings(pyrus)).toEqual({
      login: 'anna@home.test',
      securityKey: '',
      server: 'https://pyrus.corp.example',
    });
    expect(status).toBe(`${t('importDone', 'Pyrus')} ${t('importAddressChanged', 'Pyrus')}`);
  });
  it('keeps the saved key when one’s own export without secrets is read back under a policy’s server', async () => {
    await saveTrackerSettings(pyrus, { login: 'anna@acme.test', securityKey: 'own-key', server: '' });
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
    const status = await importFile({
      format: exportFormat,
      version: 1,
      trackers: { pyrus: { login: 'anna@acme.test', securityKey: '', server: '' } },
    });
    expect((await loadSavedSettings(pyrus))?.securityKey).toBe('own-key');
    expect(status).toBe(t('importDone', 'Pyrus'));
  });
});
