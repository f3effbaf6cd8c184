import { describe, expect, it } from 'vitest';
import type { PendingAttach } from '../../lib/context-menu/click';
import { summarizeFiles } from '../sandbox/control';
import { sha256Of, thirdPartySite } from '../sandbox/third-party-site';
import { samplePage } from '../support/sample-page';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();

/** In the picker page: the task's address and tracker typed in, then `Attach`. */
async function pickTask(_browser: unknown, { url, tracker }: { url: string; tracker: string }): Promise<void> {
  // The page renders once it has read what was clicked.
  for (let tries = 0; tries < 100 && !document.querySelector('button[type=submit]'); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const input = document.querySelector<HTMLInputElement>('input[type=text]');
  const select = document.querySelector<HTMLSelectElement>('select');
  const submit = document.querySelector<HTMLButtonElement>('button[type=submit]');
  if (!input || !select || !submit) throw new Error('the picker has no form');
  input.value = url;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  select.value = tracker;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await new Promise((resolve) => setTimeout(resolve, 50));
  submit.click();
}

/**
 * As in Chromium (tests/e2e/context-menu.spec.ts), the test starts right after the menu click, which no driver can
 * make: the click handler's record of what was clicked is stored, and from there on the picker page, the fetch, the
 * upload queue and the tracker are real.
 */
describe('Firefox: Attach to task', () => {
  it('an image of the page goes to the chosen task, byte-identical, once', async () => {
    const firefox = await firefoxForTest(sandbox());
    await firefox.connect('pyrus');
    const task = samplePage(sandbox(), 'pyrus');
    const before = await summarizeFiles(sandbox(), 'pyrus', task.containerId);
    const { extension } = firefox;
    const pending: PendingAttach = {
      action: 'media',
      url: `data:image/png;base64,${thirdPartySite.inlinePng.toString('base64')}`,
      pageUrl: thirdPartySite.pageUrl,
    };
    // As the click handler leaves it (lib/context-menu/menus.ts): under an id of its own, named in the picker's address.
    const attachId = 'firefox-click';
    await extension.evaluate((browser, { key, value }) => browser.storage.session.set({ [key]: value }), {
      key: `pendingAttach:${attachId}`,
      value: pending,
    });
    await extension.evaluate(
      (browser, url) => browser.tabs.create({ url }).then(() => null),
      `/pick-task.html?attach=${attachId}`,
    );
    await extension.document('/pick-task.html');
    await extension.evaluate(pickTask, { url: task.url, tracker: 'pyrus' }, '/pick-task.html');
    const status = () =>
      extension.evaluate(() => document.querySelector('[role=status]')?.textContent ?? '', null, '/pick-task.html');
    await expect.poll(status, { timeout: 15_000 }).toBe('Queued. You can close this tab.');

    await expect
      .poll(async () => (await summarizeFiles(sandbox(), 'pyrus', task.containerId)).length, { timeout: 30_000 })
      .toBe(before.length + 1);
    const added = (await summarizeFiles(sandbox(), 'pyrus', task.containerId)).filter(
      (file) => !before.some((old) => old.id === file.id),
    );
    expect(added.map((file) => file.sha256)).toEqual([sha256Of(thirdPartySite.inlinePng)]);
    expect(added[0]?.name).toMatch(/\.png$/);
    expect(extension.errors()).toEqual([]);
  });
});
