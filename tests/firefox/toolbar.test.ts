import { describe, expect, it } from 'vitest';
import type { TrackerId } from '../../lib/trackers/registry';
import { samplePage } from '../support/sample-page';
import { firefoxForTest, useSandboxOn443 } from './support/firefox-test';

const sandbox = useSandboxOn443();
const trackers: TrackerId[] = ['pyrus', 'yandex-tracker', 'worksection', 'planfix'];

describe('Firefox: the toolbar on task pages', () => {
  for (const tracker of trackers) {
    it(`${tracker}: counts the task's attachments`, async () => {
      const firefox = await firefoxForTest(sandbox());
      await firefox.connect(tracker);
      const sample = samplePage(sandbox(), tracker);
      const expected = sandbox().emulators[tracker].files(sample.containerId).length;
      expect(expected).toBeGreaterThan(0);

      const { toolbar } = await firefox.openTask(sample.url);
      await toolbar.expectStatus(new RegExp(`^${expected} attachments, `));
    });
  }
});
