import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { memoKey, settingsKey } from '../../lib/settings/keys';
import { seal, unseal } from '../../lib/settings/sealed';
import { loadMemoEntries, loadSavedSettings, saveTrackerSettings, storageMemo } from '../../lib/settings/store';
import { trackerOf } from '../../lib/trackers/registry';

const pyrus = trackerOf('pyrus');

describe('secrets at rest', () => {
  beforeEach(() => fakeBrowser.reset());

  it('are stored sealed: storage.local, which Firefox content scripts can read, never holds them', async () => {
    await saveTrackerSettings(pyrus, { login: 'bot@example.com', securityKey: 'the-security-key', server: '' });
    await storageMemo.set('pyrus.session', '{"token":"the-bearer-token"}');
    const stored = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(stored).not.toContain('the-security-key');
    expect(stored).not.toContain('the-bearer-token');
    // What is not secret stays readable, so the options page can show it without the key.
    expect(stored).toContain('bot@example.com');
  });

  it('are read back as typed, by the settings, the client memo and the runner hand-over', async () => {
    await saveTrackerSettings(pyrus, { login: 'bot@example.com', securityKey: 'the-security-key', server: '' });
    await storageMemo.set('pyrus.session', 'session-json');
    expect((await loadSavedSettings(pyrus))?.securityKey).toBe('the-security-key');
    expect(await storageMemo.get('pyrus.session')).toBe('session-json');
    expect(await loadMemoEntries(['pyrus'])).toEqual({ 'pyrus.session': 'session-json' });
  });

  it('stored before sealing came in are still read', async () => {
    await fakeBrowser.storage.local.set({
      [settingsKey('pyrus')]: { login: 'old@example.com', securityKey: 'plain-key', server: '' },
      [memoKey('pyrus.session')]: 'plain-session',
    });
    expect((await loadSavedSettings(pyrus))?.securityKey).toBe('plain-key');
    expect(await storageMemo.get('pyrus.session')).toBe('plain-session');
  });

  it('that cannot be opened read as missing, not as ciphertext', async () => {
    const sealed = await seal('secret');
    expect(sealed).not.toContain('secret');
    expect(await unseal(sealed)).toBe('secret');
    const tampered = `${sealed.slice(0, -4)}AAAA`;
    expect(await unseal(tampered)).toBeUndefined();
  });
});
