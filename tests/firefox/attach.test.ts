import { describe, it } from 'vitest';
import type { TrackerId } from '../../lib/trackers/registry';
import { writeTestFiles } from '../support/disk';
import { samplePage } from '../support/sample-page';
import { smallFiles } from '../support/uploads-on-the-wire';
import { expectAllAttached, expectEachOnce, pick } from './support/attach';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();
const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];

describe('Firefox: bulk attach', () => {
  for (const tracker of trackers) {
    it(`${tracker}: three picked files are each attached exactly once, byte-identical`, async () => {
      const firefox = await firefoxForTest(sandbox());
      await firefox.connect(tracker);
      const sample = samplePage(sandbox(), tracker);
      const files = await writeTestFiles(firefox.filesDir, smallFiles('attach', 3));
      const { toolbar } = await firefox.openTask(sample.url);
      await pick(toolbar, files);
      await expectAllAttached(toolbar, files.length);
      await expectEachOnce(sandbox(), tracker, sample.containerId, files);
    });
  }
});
