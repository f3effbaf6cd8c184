import { describe, expect, it } from 'vitest';
import type { TrackerId } from '../../lib/trackers/registry';
import { writeTestFiles } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { bodiesArrived, routes } from '../support/uploads-on-the-wire';
import { expectEachOnce, pick, uploadStates } from './support/attach';
import { type FirefoxUnderTest, firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();
const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];
const heldBytes = 2_000_000;

/**
 * A slow tracker: it takes the whole upload of the picked files, and handles it only after `interrupt` (a reload of
 * the background page, a browser restart) has run. Then each file must still be attached once, and the tracker
 * must have seen a request cut by the interruption (its answer never reached the extension).
 */
async function interruptedWhileTheTrackerHandlesAnUpload(
  tracker: TrackerId,
  sizes: { name: string; size: number }[],
  interrupt: (firefox: FirefoxUnderTest) => Promise<void>,
): Promise<void> {
  const firefox = await firefoxForTest(sandbox());
  await firefox.connect(tracker);
  const sample = samplePage(sandbox(), tracker);
  const files = await writeTestFiles(firefox.filesDir, sizes);
  const { toolbar } = await firefox.openTask(sample.url);
  const route = routes[tracker].upload;
  const seq = sandbox().log.lastSeq;
  sandbox().faults.add({ ...route, holdMs: 8_000 });
  await pick(toolbar, files);
  await expect
    .poll(() => bodiesArrived(sandbox(), route, seq, heldBytes).length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  await interrupt(firefox);

  const done = files.map(() => 'done');
  await expect.poll(() => uploadStates(firefox.extension), { timeout: 150_000, interval: 1000 }).toEqual(done);
  await expectEachOnce(sandbox(), tracker, sample.containerId, files);
  expect(bodiesArrived(sandbox(), route, seq, heldBytes).filter((entry) => entry.aborted).length).toBeGreaterThan(0);
}

describe('Firefox: attaching survives restarts', () => {
  it('pyrus: the background page restarted while the tracker still handles an upload: each file attached once', async () => {
    await interruptedWhileTheTrackerHandlesAnUpload(
      'pyrus',
      [
        { name: 'reloaded one.bin', size: heldBytes },
        { name: 'reloaded two.bin', size: heldBytes + 100_000 },
        { name: 'reloaded three.txt', size: 5_000 },
      ],
      (firefox) => firefox.extension.reload(),
    );
  }, 240_000);

  for (const tracker of trackers) {
    // No task page is open after the restart: the queue moves on by itself once the browser is back.
    it(`${tracker}: the browser closed while the tracker still handles an upload, started again: each file attached once`, async () => {
      await interruptedWhileTheTrackerHandlesAnUpload(
        tracker,
        [
          { name: 'closed midway one.bin', size: heldBytes },
          { name: 'closed midway two.bin', size: heldBytes + 100_000 },
        ],
        (firefox) => firefox.restart(),
      );
    }, 240_000);
  }
});
