import type { TrackerId } from '../../lib/trackers/registry';
import type { SamplePage } from '../sandbox/emulator';
import type { Sandbox } from '../sandbox/server';

/** The tracker's sample page at `index` (the first by default): a task or project the sandbox seeds with files. */
export function samplePage(sandbox: Sandbox, tracker: TrackerId, index = 0): SamplePage {
  const page = sandbox.emulators[tracker].samplePages()[index];
  if (!page) throw new Error(`${tracker} has no sample page ${index + 1}`);
  return page;
}
