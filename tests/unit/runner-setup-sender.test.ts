import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import { listenToUploadRunner } from '../../lib/background/uploads';
import { saveTrackerSettings } from '../../lib/settings/store';
import { trackerOf } from '../../lib/trackers/registry';
import { chromeRuntime, libraryMessage } from '../support/chrome-runtime';

/**
 * The upload runner's credentials go to the offscreen document alone: asked for by it, not broadcast by the worker
 * (a message from the worker reaches every page of the extension, the bridge frame in tracker pages included).
 */

const securityKey = 'pyrus-secret-key';

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', { runtime: chromeRuntime });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function setupAskedBy(sender: browser.Runtime.MessageSender): Promise<string> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(libraryMessage('runnerSetup'), sender);
  return JSON.stringify(answers);
}

it('answers the offscreen document with the credentials, and no other page or script', async () => {
  await saveTrackerSettings(trackerOf('pyrus'), { login: 'bot@acme.test', securityKey, server: '' });
  listenToUploadRunner();
  const id = fakeBrowser.runtime.id;
  const tab = { id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false };

  expect(await setupAskedBy({ id, url: fakeBrowser.runtime.getURL('/offscreen.html') })).toContain(securityKey);
  for (const sender of [
    { id, url: fakeBrowser.runtime.getURL('/popup.html') },
    { id, url: fakeBrowser.runtime.getURL('/bridge.html'), tab },
    { id, url: 'https://acme.pyrus.com/t#id1', tab },
    { id: 'another-extension', url: 'chrome-extension://another-extension/offscreen.html' },
  ]) {
    expect(await setupAskedBy(sender), sender.url).not.toContain(securityKey);
  }
});
