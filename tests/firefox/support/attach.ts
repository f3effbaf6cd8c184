import { expect } from 'vitest';
import type { TrackerId } from '../../../lib/trackers/registry';
import type { Sandbox } from '../../sandbox/server';
import type { LocalFile } from '../../support/disk';
import { copiesIn, onceEach, readUploadStates } from '../../support/uploads-on-the-wire';
import type { ExtensionDebugger } from './extension-debugger';
import type { FirefoxToolbar } from './toolbar';

const uploadStateLabels = 'ul[aria-label="Attach files"] .file__state';

/** Picks the files in the toolbar and waits until the extension says it queued them. */
export async function pick(toolbar: FirefoxToolbar, files: readonly LocalFile[]): Promise<void> {
  await toolbar.pickFiles(files.map((file) => file.path));
  await toolbar.expectText('[role=alert]', `Files queued for the task: ${files.length}.`);
}

export function expectAllAttached(toolbar: FirefoxToolbar, count: number, timeoutMs = 90_000): Promise<void> {
  return toolbar.expectCount(uploadStateLabels, 'attached', count, timeoutMs);
}

/** Each local file is in the task exactly once, with the same bytes. */
export async function expectEachOnce(
  sandbox: Sandbox,
  tracker: TrackerId,
  container: string,
  files: readonly LocalFile[],
): Promise<void> {
  expect(await copiesIn(sandbox, tracker, container, files)).toEqual(onceEach(files));
}

/** The states of every upload job, read from the extension's IndexedDB in its background page. */
export function uploadStates(extension: ExtensionDebugger): Promise<string[]> {
  return extension.evaluate(readUploadStates, null);
}
