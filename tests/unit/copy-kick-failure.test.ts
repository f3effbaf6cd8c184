import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { beginCopy, copyPendingTo } from '../../lib/background/copy';
import { allJobs } from '../../lib/jobs/store';
import { saveTrackerSettings } from '../../lib/settings/store';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { type TrackerId, trackerOf } from '../../lib/trackers/registry';
import { loadPendingCopy } from '../../lib/uploads/copy-pending';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { samplePage } from '../support/sample-page';
import { useSandbox } from '../support/use-sandbox';

/** A copy whose jobs are stored is queued, whatever starting the uploads at once runs into. */

const sandbox = useSandbox();

async function connect(id: TrackerId): Promise<void> {
  const tracker = trackerOf(id);
  await saveTrackerSettings(tracker, { ...tracker.initial, ...sandbox().emulators[id].credentials() });
}

beforeEach(() => {
  freshQueueWorld();
  // Node 20 has no `navigator`: the copy checks the room left for its files.
  vi.stubGlobal('navigator', { storage: { estimate: async () => ({}) } });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a copy whose uploads cannot be started at once', () => {
  it('still answers the picker with what was queued, the jobs stored, so a retry does not copy twice', async () => {
    await connect('pyrus');
    await connect('yandex-tracker');
    const from = samplePage(sandbox(), 'pyrus');
    const source = parseTaskUrl(from.url);
    if (!source) throw new Error(`not a task page: ${from.url}`);
    const fileCount = sandbox().emulators.pyrus.files(from.containerId).length;
    await beginCopy(source, 'all', from.url);
    const picker = (await fakeBrowser.tabs.query({})).find((tab) => tab.url?.includes('/pick-task.html'));
    const copyId = new URL(picker?.url ?? 'about:blank').searchParams.get('copy');
    if (!copyId) throw new Error('no picker opened');
    vi.spyOn(fakeBrowser.alarms, 'create').mockRejectedValue(new Error('Alarms are not available.'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const outcome = await copyPendingTo(copyId, samplePage(sandbox(), 'yandex-tracker').url);
    expect(outcome).toMatchObject({ queued: fileCount, refused: [] });
    expect(await allJobs('uploads')).toHaveLength(fileCount);
    expect(await loadPendingCopy(copyId)).toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      expect.any(String),
      expect.objectContaining({ message: 'Alarms are not available.' }),
    );
  });
});
