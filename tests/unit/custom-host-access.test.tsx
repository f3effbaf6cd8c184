import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { type TrackerForm, useTrackerForm } from '../../components/options/use-tracker-form';
import { t } from '../../lib/i18n/t';
import { exportFormat } from '../../lib/settings/export';
import { releaseTestedHostsOnStartup } from '../../lib/settings/host-access';
import { trackerOf } from '../../lib/trackers/registry';
import { installDom, settle } from '../support/dom';
import { fakeHostPermissions } from '../support/host-permissions';
import { importSettingsFile } from '../support/import-settings';

/** The access to a custom server (on-premise Pyrus) lasts as long as a tracker's settings use that server. */

const corp = 'https://pyrus.corp.example/*';
const branch = 'https://pyrus.branch.example/*';
let root!: Element;
let form!: TrackerForm;
let granted!: Set<string>;

function Form() {
  form = useTrackerForm(trackerOf('pyrus'));
  return null;
}

async function openForm(): Promise<void> {
  render(null, root);
  render(<Form />, root);
  await settle();
}

function fill(server: string): void {
  act(() => form.change('server', server));
  act(() => form.change('login', 'bot@corp.test'));
  act(() => form.change('securityKey', 'key'));
}

async function saveServer(server: string): Promise<void> {
  fill(server);
  await act(() => form.save());
  expect(form.problems).toEqual([]);
}

async function testServer(server: string): Promise<void> {
  fill(server);
  await act(() => form.test());
  expect(form.status).toEqual({ tone: 'ok', text: t('optionsConnectedAs', 'Bot') });
}

function importPyrus(server: string): Promise<string | null | undefined> {
  const file = { format: exportFormat, version: 1, trackers: { pyrus: { login: 'bot@corp.test', server } } };
  return importSettingsFile(root, file);
}

beforeAll(() => {
  root = installDom();
  fakeBrowser.reset();
  fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve({ ok: true, value: { name: 'Bot' } }));
});

beforeEach(async () => {
  await fakeBrowser.storage.local.clear();
  await fakeBrowser.storage.managed.clear();
  granted = fakeHostPermissions();
});

afterEach(() => {
  // Unmounted while the fake permissions still answer (the form stops listening to them).
  render(null, root);
  vi.restoreAllMocks();
});

describe('access to a custom server', () => {
  it('is given back when the saved server changes to another', async () => {
    await openForm();
    await saveServer('https://pyrus.corp.example');
    expect([...granted]).toEqual([corp]);
    await saveServer('https://pyrus.branch.example');
    expect([...granted]).toEqual([branch]);
  });

  it('is given back when the tracker is cleared, and what the settings never used stays', async () => {
    granted.add('https://elsewhere.example/*');
    await openForm();
    await saveServer('https://pyrus.corp.example');
    await act(() => form.clear());
    expect([...granted]).toEqual(['https://elsewhere.example/*']);
  });

  it('stays while a policy sets that server', async () => {
    await openForm();
    await saveServer('https://pyrus.corp.example');
    await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
    await act(() => form.clear());
    expect([...granted]).toEqual([corp]);
  });

  it('is asked for after an import of a server the browser does not let the extension reach', async () => {
    const status = await importPyrus('https://pyrus.corp.example');
    expect(status).toBe(`${t('importDone', 'Pyrus')} ${t('importAccessNeeded', 'Pyrus')}`);
    await openForm();
    expect(form.status).toEqual({ tone: 'error', text: t('optionsAccessNeeded', 'pyrus.corp.example') });
    // Save asks the browser for it (the key is typed again: the file had none).
    await saveServer('https://pyrus.corp.example');
    expect([...granted]).toEqual([corp]);
  });

  it('is given back when an import moves the tracker to another server', async () => {
    await openForm();
    await saveServer('https://pyrus.corp.example');
    granted.add(branch);
    await importPyrus('https://pyrus.branch.example');
    expect([...granted]).toEqual([branch]);
  });

  it('is not asked for after an import of a server already granted', async () => {
    granted.add(corp);
    expect(await importPyrus('https://pyrus.corp.example')).toBe(t('importDone', 'Pyrus'));
  });
});

describe('access to a custom server granted for a connection test', () => {
  it('is kept after the test, and given back when other settings are saved', async () => {
    await openForm();
    await testServer('https://pyrus.corp.example');
    expect([...granted]).toEqual([corp]);
    await saveServer('');
    expect([...granted]).toEqual([]);
  });

  it('is given back when the tracker is cleared or a file is imported', async () => {
    await openForm();
    await testServer('https://pyrus.corp.example');
    await act(() => form.clear());
    expect([...granted]).toEqual([]);
    await testServer('https://pyrus.branch.example');
    await importPyrus('');
    expect([...granted]).toEqual([]);
  });

  it('is kept once settings that use it are saved, and given back as theirs when they change', async () => {
    await openForm();
    await testServer('https://pyrus.corp.example');
    await testServer('https://pyrus.branch.example');
    await saveServer('https://pyrus.corp.example');
    expect([...granted]).toEqual([corp]);
    expect(await fakeBrowser.storage.local.get('hosts.tested')).toEqual({});
    await saveServer('');
    expect([...granted]).toEqual([]);
  });

  it('is never given back when the browser granted it before the test', async () => {
    granted.add(corp);
    await openForm();
    // Granted while the page is open (another tab's Save), before this test.
    await fakeBrowser.permissions.request({ origins: [branch] });
    await testServer('https://pyrus.corp.example');
    await testServer('https://pyrus.branch.example');
    await saveServer('');
    expect([...granted]).toEqual([corp, branch]);
  });

  it('is not recorded when the browser refuses it', async () => {
    await openForm();
    vi.mocked(fakeBrowser.permissions.request).mockResolvedValueOnce(false);
    fill('https://pyrus.corp.example');
    await act(() => form.test());
    expect(form.status).toEqual({ tone: 'error', text: t('optionsPermissionRefused', 'pyrus.corp.example') });
    expect(await fakeBrowser.storage.local.get('hosts.tested')).toEqual({});
  });

  describe('at browser start', () => {
    beforeEach(() => {
      releaseTestedHostsOnStartup();
    });
    afterEach(() => {
      fakeBrowser.runtime.onStartup.removeAllListeners();
    });

    it('is given back when no settings use it, and what was granted otherwise stays', async () => {
      granted.add('https://elsewhere.example/*');
      await openForm();
      await testServer('https://pyrus.corp.example');
      render(null, root);
      await fakeBrowser.runtime.onStartup.trigger();
      expect([...granted]).toEqual(['https://elsewhere.example/*']);
      expect(await fakeBrowser.storage.local.get('hosts.tested')).toEqual({});
    });

    it('stays when the settings in effect use it', async () => {
      await openForm();
      await testServer('https://pyrus.corp.example');
      await fakeBrowser.storage.managed.set({ pyrus: { server: 'https://pyrus.corp.example' } });
      await fakeBrowser.runtime.onStartup.trigger();
      expect([...granted]).toEqual([corp]);
      expect(await fakeBrowser.storage.local.get('hosts.tested')).toEqual({});
    });
  });
});
