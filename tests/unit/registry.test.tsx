import { describe, expect, it } from 'vitest';
import { senderMayAsk } from '../../lib/background/sender-check';
import { checkSettings, withSavedSecrets } from '../../lib/settings/check';
import { managedSchema } from '../../lib/settings/managed-schema';
import { customOrigins } from '../../lib/settings/store';
import { defineTracker, type SettingsField } from '../../lib/trackers/definition';
import { httpsAddress } from '../../lib/trackers/field-checks';
import { hostListsOf } from '../../lib/trackers/hosts';
import { readTaskUrl, readTrackerHost } from '../../lib/trackers/pages';
import { trackers } from '../../lib/trackers/registry';
import { renderFieldset } from '../support/render-fieldset';

/** A tracker that is only a definition: added to a registry, it must show up everywhere the app derives from one. */
const fixture = defineTracker({
  id: 'fixture-tracker',
  label: 'Fixture Tracker',
  page: {
    hosts: ['tasks.fixture.example'],
    parse(url) {
      const id = /^\/task\/(\d+)$/.exec(url.pathname)?.[1];
      return id ? { kind: 'task', id, host: url.host } : undefined;
    },
    examples: [{ url: 'https://tasks.fixture.example/task/7', expected: { kind: 'task', id: '7' } }],
  },
  apiHosts: ['api.fixture.example'],
  fields: [
    { name: 'token', label: 'labelToken', kind: 'secret' },
    { name: 'server', label: 'labelServer', kind: 'url', address: true, check: httpsAddress('settingsServerInvalid') },
  ] as const satisfies readonly SettingsField[],
  capabilities: { attachesThroughComment: true, projectFiles: false, maxFileSize: 1024 },
  connectionText: { rejected: 'connectionAuthPyrus' },
  errorCodes: {},
  accountPageHosts: () => ['tasks.fixture.example'],
});

const registry = [...trackers, fixture];

describe('a tracker registered by one line', () => {
  it('gets its page and API hosts into the manifest, and the content script onto its pages', () => {
    const hosts = hostListsOf(registry);
    expect(hosts.hostPermissions).toEqual(
      expect.arrayContaining(['https://tasks.fixture.example/*', 'https://api.fixture.example/*']),
    );
    expect(hosts.contentScriptMatches).toContain('https://tasks.fixture.example/*');
    expect(hosts.pageMatches).toContain('https://tasks.fixture.example/*');
    expect(hostListsOf(trackers).hostPermissions).not.toContain('https://api.fixture.example/*');
  });

  it('gets its pages read as tasks, and only its own', () => {
    expect(readTaskUrl('https://tasks.fixture.example/task/7', registry)).toEqual({
      tracker: 'fixture-tracker',
      kind: 'task',
      id: '7',
      host: 'tasks.fixture.example',
    });
    expect(readTaskUrl('https://tasks.fixture.example.evil.test/task/7', registry)).toBeUndefined();
    expect(readTaskUrl('https://tasks.fixture.example/task/7', trackers)).toBeUndefined();
  });

  it('gets its settings into the managed-policy schema, the checks and the secret rules', () => {
    const schema = managedSchema(registry) as { properties: Record<string, { properties: object }> };
    expect(Object.keys(schema.properties['fixture-tracker']?.properties ?? {})).toEqual(['token', 'server']);
    expect(checkSettings(fixture, { token: 't', server: 'http://x.example' })).toMatchObject({ ok: false });
    expect(checkSettings(fixture, { token: 't', server: 'https://x.example' })).toMatchObject({ ok: true });
    const saved = { token: 'secret', server: 'https://a.example' };
    expect(withSavedSecrets(fixture, { token: '', server: 'https://b.example' }, saved).token).toBe('');
    expect(customOrigins(fixture, { token: '', server: 'https://onprem.fixture.example' })).toEqual([
      'https://onprem.fixture.example/*',
    ]);
  });

  it('gets its pages past the sender check, for its own tasks only', () => {
    const context = {
      extensionId: 'abc',
      extensionOrigin: 'chrome-extension://abc/',
      readPageHost: (href: string) => readTrackerHost(href, registry),
    };
    const task = { tracker: 'fixture-tracker', host: 'tasks.fixture.example' };
    expect(senderMayAsk(context, { id: 'abc', url: 'https://tasks.fixture.example/task/8' }, task)).toBe(true);
    expect(senderMayAsk(context, { id: 'abc', url: 'https://pyrus.com/t#id1' }, task)).toBe(false);
  });

  it('gets its fieldset on the options page, its fields by their labels', () => {
    const html = renderFieldset(fixture, fixture.initial);
    expect(html).toContain('<legend>Fixture Tracker</legend>');
    expect(html).toMatch(/<label for="fixture-tracker-token">Token<\/label>/);
    expect(html).toMatch(/<label for="fixture-tracker-server">Server<\/label>/);
    expect(html).toMatch(
      /id="fixture-tracker-token"[^>]*type="password"|type="password"[^>]*id="fixture-tracker-token"/,
    );
  });
});
