import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Toolbar } from '../../components/toolbar/Toolbar';
import type { MessageKey } from '../../lib/i18n/messages';
import { tIn } from '../../lib/i18n/t';
import type { TaskRef } from '../../lib/trackers/registry';
import { installDom } from '../support/dom';

/** The toolbar sits in a page of another language: it says which language its own words are in. */

vi.mock('../../components/toolbar/use-task-files', () => ({
  useTaskFiles: () => ({ files: { phase: 'loading' }, reload: () => undefined }),
}));
vi.mock('../../components/toolbar/use-transfers', async (actual) => ({
  ...(await actual<typeof import('../../components/toolbar/use-transfers')>()),
  useTransfers: () => ({ downloads: [], uploads: [], saved: [] }),
}));
vi.mock('../../components/toolbar/use-toolbar-command', () => ({ useToolbarCommand: () => undefined }));

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };
let root!: Element;

beforeAll(() => {
  root = installDom();
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

describe('the toolbar', () => {
  it("marks its section with the language of the extension's catalog", async () => {
    vi.stubGlobal('browser', {
      i18n: { getMessage: (key: MessageKey, substitutions?: string[]) => tIn('ru', key, ...(substitutions ?? [])) },
    });
    await act(() => render(<Toolbar task={task} />, root));
    const section = root.querySelector('section.toolbar') as HTMLElement;
    expect(section.getAttribute('aria-label')).toBe(tIn('ru', 'toolbarTitle'));
    expect(section.getAttribute('lang')).toBe('ru');
  });
});
