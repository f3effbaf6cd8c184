import { render } from 'preact';
import { act } from 'preact/test-utils';
import * as v from 'valibot';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { useAttach } from '../../components/toolbar/use-attach';
import { usePastedFiles } from '../../components/toolbar/use-pasted-files';
import { handOffFiles } from '../../lib/content/hand-off';
import { AppError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { routes } from '../../lib/messages/routes';
import type { TaskRef } from '../../lib/trackers/registry';
import { installDom } from '../support/dom';

vi.mock('../../lib/content/hand-off', () => ({ handOffFiles: vi.fn() }));

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };
let hook!: ReturnType<typeof useAttach>;
let paste!: ReturnType<typeof usePastedFiles>;
let announced: unknown[] = [];

function Probe() {
  hook = useAttach(task);
  paste = usePastedFiles();
  return null;
}

beforeAll(() => {
  installDom();
});

beforeEach(() => {
  fakeBrowser.reset();
  announced = [];
  // The worker checks the message as the router does: a shape it refuses is an internal error, naming no file.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    announced.push(message);
    const { input } = message as { input: unknown };
    return Promise.resolve(
      v.is(routes.beginUpload.input, input)
        ? { ok: true, value: { token: crypto.randomUUID(), batchId: 'b' } }
        : { ok: false, error: new AppError('unexpected', { detail: 'internal error' }).toJSON() },
    );
  });
  vi.mocked(handOffFiles).mockResolvedValue({ ok: true, count: 1 });
  render(<Probe />, document.getElementById('root') as Element);
});

const attach = (files: File[], unreadable?: number) =>
  act(async () => {
    await hook.attach(document.body as unknown as Element, files, '', unreadable);
  });

describe('attaching, the notice says', () => {
  it('why the worker could not store the files (no room in the browser storage)', async () => {
    const quota = new AppError('quota', { neededBytes: 5e9, limitBytes: 1e9 }).toJSON();
    vi.mocked(handOffFiles).mockResolvedValue({ ok: false, error: quota });
    await attach([new File(['x'], 'big.iso')]);
    expect(hook.notice).toBe(errorText(quota));
    expect(hook.notice).toContain('Not enough browser storage');
  });

  it('to reload the page when the hand-off itself failed', async () => {
    const failed = new AppError('unexpected', { detail: 'hand-off failed' }).toJSON();
    vi.mocked(handOffFiles).mockResolvedValue({ ok: false, error: failed });
    await attach([new File(['x'], 'a.txt')]);
    expect(hook.notice).toBe(t('attachHandOffFailed'));
  });

  it('how many dropped files or folders could not be read, beside the queued ones', async () => {
    await attach([new File(['x'], 'a.txt')], 2);
    expect(hook.notice).toBe(`${t('attachQueued', '1')} ${t('attachUnreadable', '2')}`);
  });

  it('that none could be read when none could', async () => {
    await attach([], 3);
    expect(hook.notice).toBe(t('attachNoneReadable'));
    expect(announced).toEqual([]);
  });

  it('which file has a name no tracker takes, before asking the worker', async () => {
    for (const name of ['a\\b.txt', 'Icon\r', '...']) {
      await attach([new File(['x'], 'fine.txt'), new File(['x'], name)]);
      expect(hook.notice).toBe(t('attachBadName', name.replace('\r', '?')));
    }
    expect(announced).toEqual([]);
  });

  it('the limit, for more files than one attach takes', async () => {
    await attach(Array.from({ length: 10_001 }, (_, index) => new File([], `f${index}.txt`)));
    expect(hook.notice).toBe(t('attachTooMany', '10000'));
    expect(announced).toEqual([]);
  });
});

describe('pasted files', () => {
  const pasteFile = (file: File) =>
    act(() =>
      paste.take({ clipboardData: { files: [file], items: [] }, preventDefault() {} } as unknown as ClipboardEvent),
    );
  const sendPasted = () =>
    act(async () => {
      await paste.send((files) => hook.attach(document.body as unknown as Element, files, ''));
    });

  it('stay in the list when their name is refused, for the user to change it and send them again', async () => {
    await pasteFile(new File(['x'], 'image.png', { type: 'image/png' }));
    const [entry] = paste.pasted;
    if (!entry) throw new Error('nothing pasted');
    await act(() => paste.rename(entry.id, 'a\\b.png'));
    await sendPasted();
    expect(hook.notice).toBe(t('attachBadName', 'a\\b.png'));
    expect(paste.pasted.map((pasted) => pasted.name)).toEqual(['a\\b.png']);

    await act(() => paste.rename(entry.id, 'chart.png'));
    await sendPasted();
    expect(paste.pasted).toEqual([]);
    expect(
      vi
        .mocked(handOffFiles)
        .mock.calls.at(-1)?.[2]
        .map((file) => file.name),
    ).toEqual(['chart.png']);
  });

  it('stay in the list when the worker could not store them', async () => {
    vi.mocked(handOffFiles).mockResolvedValue({ ok: false, error: new AppError('quota', {}).toJSON() });
    await pasteFile(new File(['x'], 'image.png', { type: 'image/png' }));
    await sendPasted();
    expect(paste.pasted).toHaveLength(1);
  });
});
