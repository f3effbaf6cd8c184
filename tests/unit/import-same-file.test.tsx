import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { t } from '../../lib/i18n/t';
import { exportFormat } from '../../lib/settings/export';
import { installDom } from '../support/dom';
import { importSettingsFile } from '../support/import-settings';

/** The options page's Import: the file picker is emptied after each import, so the same file can be picked again. */

let root!: Element;

beforeAll(() => {
  root = installDom();
});

beforeEach(async () => {
  await fakeBrowser.storage.local.clear();
});

describe('importing settings', () => {
  it('empties the file picker once the file is read', async () => {
    const file = { format: exportFormat, version: 1, trackers: {}, preferences: { parallelUploads: 3 } };
    expect(await importSettingsFile(root, file)).toBe(t('importDone', '—'));
    expect((root.querySelector('input[type=file]') as HTMLInputElement).value).toBe('');
  });
});
