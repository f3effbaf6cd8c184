import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { patternCovers, watchGrantedOrigins } from '../../lib/settings/granted-origins';
import { fakeHostPermissions } from '../support/host-permissions';

/** What the options form knows the browser grants when a click asks for a host, without awaiting anything first. */

const corp = 'https://pyrus.corp.example/*';

describe('a granted host pattern', () => {
  it('covers its own origin and the wider patterns that reach it, nothing else', () => {
    expect(patternCovers(corp, corp)).toBe(true);
    expect(patternCovers('https://PYRUS.corp.example/*', corp)).toBe(true);
    expect(patternCovers('https://*/*', corp)).toBe(true);
    expect(patternCovers('*://*/*', corp)).toBe(true);
    expect(patternCovers('<all_urls>', corp)).toBe(true);
    expect(patternCovers('https://*.corp.example/*', corp)).toBe(true);
    expect(patternCovers('https://*.pyrus.corp.example/*', corp)).toBe(true);
    expect(patternCovers('https://pyrus.corp.example:8443/*', corp)).toBe(true);
    expect(patternCovers('https://corp.example/*', corp)).toBe(false);
    expect(patternCovers('https://*.example.org/*', corp)).toBe(false);
    expect(patternCovers('https://*.xcorp.example/*', 'https://corp.example/*')).toBe(false);
    expect(patternCovers('http://pyrus.corp.example/*', corp)).toBe(false);
  });
});

describe('watching what the browser grants', () => {
  let granted!: Set<string>;
  beforeEach(() => {
    fakeBrowser.reset();
    granted = fakeHostPermissions();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('knows nothing until the browser answered, then follows grants and removals', async () => {
    granted.add('https://*.corp.example/*');
    const watch = watchGrantedOrigins();
    expect(watch.covers(corp)).toBeUndefined();
    await vi.waitFor(() => expect(watch.covers(corp)).toBe(true));
    await fakeBrowser.permissions.remove({ origins: ['https://*.corp.example/*'] });
    expect(watch.covers(corp)).toBe(false);
    await fakeBrowser.permissions.request({ origins: [corp] });
    expect(watch.covers(corp)).toBe(true);
    watch.stop();
    await fakeBrowser.permissions.remove({ origins: [corp] });
    expect(watch.covers(corp)).toBe(true);
  });

  it('applies what changed while the first answer was on its way', async () => {
    let answer!: (origins: string[]) => void;
    vi.mocked(fakeBrowser.permissions.getAll).mockReturnValueOnce(
      new Promise((resolve) => {
        answer = (origins) => resolve({ origins });
      }),
    );
    const watch = watchGrantedOrigins();
    await fakeBrowser.permissions.request({ origins: [corp] });
    answer([]);
    await vi.waitFor(() => expect(watch.covers(corp)).toBe(true));
    watch.stop();
  });
});
