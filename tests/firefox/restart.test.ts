import { describe, expect, it } from 'vitest';
import type { TrackerId } from '../../lib/trackers/registry';
import { writeTestFiles } from '../support/disk';
import { bodiesArrived, routes } from '../support/uploads-on-the-wire';
import { expectEachOnce, pick, uploadStates } from './support/attach';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();
const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];
const heldBytes = 2_000_000;

function mainPage(tracker: TrackerId) {
  const [page] = sandbox().emulators[tracker].samplePages();
  if (!page) throw new Error(`${tracker} has no sample page`);
  return page;
}

describe('Firefox: attaching survives restarts', () => {
  it('pyrus: the background page restarted while the tracker still handles an upload: each file attached once', async () => {
    const tracker: TrackerId = 'pyrus';
    const firefox = await firefoxForTest(sandbox());
    await firefox.connect(tracker);
    const { url, containerId } = mainPage(tracker);
    const files = await writeTestFiles(firefox.filesDir, [
      { name: 'reloaded one.bin', size: heldBytes },
      { name: 'reloaded two.bin', size: heldBytes + 100_000 },
      { name: 'reloaded three.txt', size: 5_000 },
    ]);
    const { toolbar } = await firefox.openTask(url);
    const route = routes[tracker].upload;
    const seq = sandbox().log.lastSeq;
    // A slow tracker: it takes the whole upload, and handles it only after the background page is gone.
    sandbox().faults.add({ ...route, holdMs: 8_000 });
    await pick(toolbar, files);
    await expect
      .poll(() => bodiesArrived(sandbox(), route, seq, heldBytes).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await firefox.extension.reload();

    await expect
      .poll(() => uploadStates(firefox.extension), { timeout: 150_000, interval: 1000 })
      .toEqual(['done', 'done', 'done']);
    await expectEachOnce(sandbox(), tracker, containerId, files);
    // The restart did cut the request the tracker was holding: the answer never reached the extension.
    expect(bodiesArrived(sandbox(), route, seq, heldBytes).filter((entry) => entry.aborted).length).toBeGreaterThan(0);
  }, 240_000);

  for (const tracker of trackers) {
    it(`${tracker}: the browser closed while the tracker still handles an upload, started again: each file attached once`, async () => {
      const firefox = await firefoxForTest(sandbox());
      await firefox.connect(tracker);
      const { url, containerId } = mainPage(tracker);
      const files = await writeTestFiles(firefox.filesDir, [
        { name: 'closed midway one.bin', size: heldBytes },
        { name: 'closed midway two.bin', size: heldBytes + 100_000 },
      ]);
      const { toolbar } = await firefox.openTask(url);
      const route = routes[tracker].upload;
      const seq = sandbox().log.lastSeq;
      sandbox().faults.add({ ...route, holdMs: 8_000 });
      await pick(toolbar, files);
      await expect
        .poll(() => bodiesArrived(sandbox(), route, seq, heldBytes).length, { timeout: 60_000 })
        .toBeGreaterThan(0);
      await firefox.restart();

      // No task page is open: the queue moves on by itself once the browser is back.
      await expect
        .poll(() => uploadStates(firefox.extension), { timeout: 150_000, interval: 1000 })
        .toEqual(['done', 'done']);
      await expectEachOnce(sandbox(), tracker, containerId, files);
      expect(bodiesArrived(sandbox(), route, seq, heldBytes).filter((entry) => entry.aborted).length).toBeGreaterThan(
        0,
      );
    }, 240_000);
  }
});
