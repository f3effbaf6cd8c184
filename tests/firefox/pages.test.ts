import { describe, expect, it } from 'vitest';
import { settingsKey } from '../../lib/settings/keys';
import { samplePage } from '../support/sample-page';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();

/**
 * In the options page: types the values into a tracker's form, one field after the other as a person does (the
 * page shows each before the next), and presses one of its buttons.
 */
async function fillAndPress(_browser: unknown, { tracker, values, button }: FormAction): Promise<string[]> {
  const form = document.getElementById(tracker);
  if (!form) throw new Error(`no form for ${tracker}`);
  const typed: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`);
    if (!input) continue;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    typed.push(name);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const press = [...form.querySelectorAll('button')].find((candidate) => candidate.textContent === button);
  if (!press) throw new Error(`no button ${button}`);
  press.click();
  return typed;
}

interface FormAction {
  tracker: string;
  values: Record<string, string>;
  button: string;
}

describe('Firefox: the extension pages', () => {
  it('the options page connects a tracker as a person does; the popup then shows it connected; nothing logs an error', async () => {
    const firefox = await firefoxForTest(sandbox());
    const credentials = sandbox().emulators.pyrus.credentials();
    const { extension } = firefox;
    await extension.evaluate((browser) => browser.runtime.openOptionsPage(), null);
    await extension.document('/options.html');
    await expect
      .poll(() => extension.evaluate(() => document.querySelectorAll('form.tracker').length, null, '/options.html'))
      .toBe(4);

    const typed = await extension.evaluate(
      fillAndPress,
      { tracker: 'pyrus', values: credentials, button: 'Save' },
      '/options.html',
    );
    expect(typed).toContain('securityKey');
    const status = () =>
      extension.evaluate(
        () => document.querySelector('#pyrus [role=status]')?.textContent ?? '',
        null,
        '/options.html',
      );
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Saved\. Connected as \S/);
    await extension.evaluate(
      fillAndPress,
      { tracker: 'pyrus', values: {}, button: 'Test connection' },
      '/options.html',
    );
    await expect.poll(status, { timeout: 15_000 }).toMatch(/^Connected as \S/);

    // The key is kept sealed, never as typed.
    const stored = await extension.evaluate(
      async (browser, key) => JSON.stringify(await browser.storage.local.get(key)),
      settingsKey('pyrus'),
    );
    expect(stored).not.toContain(credentials.securityKey);

    const sample = samplePage(sandbox(), 'pyrus');
    const { toolbar } = await firefox.openTask(sample.url);
    await toolbar.expectStatus(/^\d+ attachments, /);

    await extension.evaluate((browser) => browser.tabs.create({ url: '/popup.html' }).then(() => null), null);
    const popupText = () => extension.evaluate(() => document.body.textContent ?? '', null, '/popup.html');
    await expect.poll(popupText).toMatch(/Pyrus\s*Connected as /);

    expect(extension.errors()).toEqual([]);
  });
});
