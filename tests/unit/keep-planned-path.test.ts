import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadJobKnown, keepPlannedPaths } from '../../lib/downloads/keep-planned-path';
import type { DownloadJob } from '../../lib/jobs/records';

type Suggest = (suggestion?: chrome.downloads.FilenameSuggestion) => void;
type Question = { id: number; byExtensionId?: string; mime?: string; totalBytes?: number };
type Listener = (item: Question, suggest: Suggest) => boolean | undefined;

/**
 * The browser's name question, as chrome.downloads.onDeterminingFilename asks it, put to keepPlannedPaths with no
 * job known in this worker life, the database holding `stored` (by download id), and a queue launch under way or
 * not. `loaded` lists the download ids looked up in the database.
 */
function withNameQuestions(
  launchUnderWay: boolean,
  stored: Map<number, DownloadJob> = new Map(),
): {
  ask: (id: number, answer?: Pick<Question, 'mime' | 'totalBytes'>) => { answers: unknown[] };
  unknown: number[];
  loaded: number[];
} {
  let listener: Listener | undefined;
  vi.stubGlobal('chrome', {
    runtime: { id: 'trackerdrop' },
    downloads: { onDeterminingFilename: { addListener: (added: Listener) => (listener = added) } },
  });
  const unknown: number[] = [];
  const loaded: number[] = [];
  keepPlannedPaths({
    known: () => undefined,
    load: async (id) => {
      loaded.push(id);
      return stored.get(id);
    },
    launchUnderWay: () => launchUnderWay,
    unknown: (item) => unknown.push(item.id),
  });
  return {
    unknown,
    loaded,
    ask(id, answer = { mime: 'application/pdf', totalBytes: 2048 }) {
      const answers: unknown[] = [];
      const item = { id, byExtensionId: 'trackerdrop', ...answer };
      listener?.(item, (suggestion) => answers.push(suggestion ?? 'no suggestion'));
      return { answers };
    },
  };
}

const job = {
  id: 'job-1',
  task: { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' },
  attachment: { id: 'f1', name: 'report.pdf', size: 2048, sizeExact: true, place: { kind: 'task' } },
  path: 'Pyrus/1001 Task/report.pdf',
  conflictAction: 'overwrite',
} as DownloadJob;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('keepPlannedPaths', () => {
  it("leaves Firefox alone, whose event of that name (if any) does not take Chromium's suggest callback", () => {
    vi.stubEnv('FIREFOX', 'true');
    const browser = withNameQuestions(false);
    expect(browser.ask(7).answers).toEqual([]);
    expect(browser.loaded).toEqual([]);
  });

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

  it('does not ask the database for a download whose launch tells its job in time', async () => {
    vi.useFakeTimers();
    const browser = withNameQuestions(true);
    const question = browser.ask(9);
    await vi.advanceTimersByTimeAsync(20);
    downloadJobKnown(9, job);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(question.answers).toEqual([{ filename: job.path, conflictAction: 'overwrite' }]);
    expect(browser.loaded).toEqual([]);
  });

  it('while a launch is under way, finds a download of an earlier worker life in the database after a moment', async () => {
    vi.useFakeTimers();
    const earlier = { ...job, id: 'job-2', path: 'Pyrus/1001 Task/plan.xlsx' } as DownloadJob;
    const browser = withNameQuestions(true, new Map([[10, earlier]]));
    const question = browser.ask(10);
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.loaded).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(browser.loaded).toEqual([10]);
    expect(question.answers).toEqual([{ filename: earlier.path, conflictAction: 'overwrite' }]);
  });

  it("with Overwrite, never lets what may be Worksection's error (200, its JSON) replace the file already saved", async () => {
    vi.useFakeTimers();
    const settings = {
      ...job,
      id: 'job-3',
      task: { tracker: 'worksection', kind: 'task', id: '101', host: 'acme.worksection.com' },
      attachment: { ...job.attachment, id: '30009', name: 'settings.json', size: 16 },
      path: 'Worksection/101 Task/settings.json',
    } as DownloadJob;
    const browser = withNameQuestions(true);
    const error = browser.ask(11, { mime: 'application/json', totalBytes: 61 });
    const file = browser.ask(12, { mime: 'application/json', totalBytes: 16 });
    const otherType = browser.ask(13, { mime: 'application/octet-stream', totalBytes: 61 });
    for (const id of [11, 12, 13]) downloadJobKnown(id, settings);
    await vi.advanceTimersByTimeAsync(0);
    expect(error.answers).toEqual([{ filename: settings.path, conflictAction: 'uniquify' }]);
    expect(file.answers).toEqual([{ filename: settings.path, conflictAction: 'overwrite' }]);
    expect(otherType.answers).toEqual([{ filename: settings.path, conflictAction: 'overwrite' }]);
  });
});
