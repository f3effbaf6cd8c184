import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueueList } from '../../components/popup/QueueList';
import { t } from '../../lib/i18n/t';
import type { TransferView } from '../../lib/jobs/transfer-view';
import { installDom } from '../support/dom';

/** The popup's queue: each row's buttons name their own file, as the toolbar's rows do. */

let items: TransferView[] = [];
vi.mock('../../components/popup/use-queue', () => ({
  useQueue: () => ({ items, rates: new Map(), steer: vi.fn() }),
}));

function view(id: string, name: string, phase: TransferView['phase']): TransferView {
  return {
    id,
    direction: 'download',
    batchId: 'b',
    tracker: 'pyrus',
    taskKey: 'pyrus:1001',
    taskTitle: '1001',
    name,
    phase,
    state: phase === 'moving' ? 'running' : phase === 'waiting' ? 'queued' : phase,
    bytesDone: 1,
    bytesTotal: 10,
    createdAt: 0,
  } as TransferView;
}

let root!: Element;
beforeAll(() => {
  root = installDom();
});
afterEach(() => render(null, root));

const labels = () => [...root.querySelectorAll('button')].map((button) => button.getAttribute('aria-label'));

describe('the popup queue', () => {
  it('labels Cancel, Retry and Remove with the file of their row', async () => {
    items = [
      view('1', 'a.txt', 'moving'),
      view('2', 'b.txt', 'waiting'),
      view('3', 'c.txt', 'failed'),
      view('4', 'd.txt', 'done'),
    ];
    await act(() => render(<QueueList />, root));
    expect(labels()).toEqual([
      `${t('popupCancel')}: a.txt`,
      `${t('popupCancel')}: b.txt`,
      `${t('popupRetry')}: c.txt`,
      `${t('popupRemove')}: c.txt`,
      `${t('popupRemove')}: d.txt`,
    ]);
    // The visible words stay as they were: the label starts with them.
    expect([...root.querySelectorAll('button')].map((button) => button.textContent)).toEqual([
      t('popupCancel'),
      t('popupCancel'),
      t('popupRetry'),
      t('popupRemove'),
      t('popupRemove'),
    ]);
  });

  it('offers Retry on a cancelled download, whose file can be fetched again, and not on a cancelled upload', async () => {
    items = [view('5', 'e.txt', 'cancelled'), { ...view('6', 'f.txt', 'cancelled'), direction: 'upload' }];
    await act(() => render(<QueueList />, root));
    expect(labels()).toEqual([`${t('popupRetry')}: e.txt`, `${t('popupRemove')}: e.txt`, `${t('popupRemove')}: f.txt`]);
  });

  it('says an upload cancelled while the tracker may have it is being asked, and offers no second Cancel', async () => {
    const asked: TransferView = { ...view('7', 'g.bin', 'moving'), direction: 'upload', cancelling: true };
    items = [asked, { ...view('8', 'h.bin', 'moving'), direction: 'upload' }];
    await act(() => render(<QueueList />, root));
    expect(labels()).toEqual([`${t('popupCancel')}: h.bin`]);
    expect(root.querySelector('.transfer-state')?.textContent).toContain(t('popupPhaseCancelling'));
  });
});
