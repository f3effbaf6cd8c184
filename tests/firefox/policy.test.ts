import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePage } from '../support/sample-page';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';
import { installEnterprisePolicy } from './support/policies';

const sandbox = useSandboxOn443();

describe('Firefox: accounts preset by an administrator', () => {
  it('a Pyrus account set by enterprise policy connects the toolbar, and the options page shows it locked', async () => {
    const { login, securityKey } = sandbox().emulators.pyrus.credentials();
    if (!login || !securityKey) throw new Error('the sandbox gives no Pyrus credentials');
    onTestFinished(installEnterprisePolicy({ pyrus: { login, securityKey } }));
    const firefox = await firefoxForTest(sandbox());
    const sample = samplePage(sandbox(), 'pyrus');
    const expected = sandbox().emulators.pyrus.files(sample.containerId).length;

    const { toolbar } = await firefox.openTask(sample.url);
    await toolbar.expectStatus(new RegExp(`^${expected} attachments, `));

    const { extension } = firefox;
    await extension.evaluate((browser) => browser.runtime.openOptionsPage(), null);
    const loginField = () =>
      extension.evaluate(
        () => {
          const input = document.querySelector<HTMLInputElement>('#pyrus [name=login]');
          return input ? { value: input.value, disabled: input.disabled } : null;
        },
        null,
        '/options.html',
      );
    await expect.poll(loginField).toEqual({ value: login, disabled: true });
    expect(extension.errors()).toEqual([]);
  });
});
