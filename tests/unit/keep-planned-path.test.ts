import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadJobKnown, keepPlannedPaths } from '../../lib/downloads/keep-planned-path';
import type { DownloadJob } from '../../lib/jobs/records';

type Suggest = (suggestion?: chrome.downloads.FilenameSuggestion) => void;
type Listener = (item: { id: number; byExtensionId?: string }, suggest: Suggest) => boolean | undefined;

/**
 * The browser's name question, as chrome.downloads.onDeterminingFilename asks it, put to keepPlannedPaths with no
 * job known in this worker life or the database, and a queue launch under way or not.
 */
function withNameQuestions(launchUnderWay: boolean): {
  ask: (id: number) => { answers: unknown[] };
  unknown: number[];
} {
  let listener: Listener | undefined;
  vi.stubGlobal('chrome', {
    runtime: { id: 'trackerdrop' },
    downloads: { onDeterminingFilename: { addListener: (added: Listener) => (listener = added) } },
  });
  const unknown: number[] = [];
  keepPlannedPaths({
    known: () => undefined,
    load: async () => undefined,
    launchUnderWay: () => launchUnderWay,
    unknown: (item) => unknown.push(item.id),
  });
  return {
    unknown,
    ask(id) {
      const answers: unknown[] = [];
      listener?.({ id, byExtensionId: 'trackerdrop' }, (suggestion) => answers.push(suggestion ?? 'no suggestion'));
      return { answers };
    },
  };
}

const job = { id: 'job-1', path: 'Pyrus/1001 Task/report.pdf', conflictAction: 'overwrite' } as DownloadJob;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('keepPlannedPaths', () => {
  it('answers at once for a download of the extension that no launch of the queue is making', async () => {
    vi.useFakeTimers();
    const browser = withNameQuestions(false);
    const question = browser.ask(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(question.answers).toEqual(['no suggestion']);
    expect(browser.unknown).toEqual([7]);
  });

  it('while a launch is under way, waits for it to tell which job the download is, and keeps its path', async () => {
    vi.useFakeTimers();
    const browser = withNameQuestions(true);
    const question = browser.ask(8);
    await vi.advanceTimersByTimeAsync(100);
    expect(question.answers).toEqual([]);
    downloadJobKnown(8, job);
    await vi.advanceTimersByTimeAsync(0);
    expect(question.answers).toEqual([{ filename: job.path, conflictAction: 'overwrite' }]);
    expect(browser.unknown).toEqual([]);
  });
});
