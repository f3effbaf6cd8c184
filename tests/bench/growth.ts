/**
 * The bench's `growth` part: how the cost of Download all and of a ZIP grows, per file and per MiB, when the number
 * of files grows ten times and when their size grows four times. Each set is a task of its own in the sandbox; the
 * extension runs beside its floor (the downloads API alone for Download all, curl for the ZIP), interleaved.
 */

import type { Sandbox } from '../sandbox/server';
import type { ShadowLocator } from '../support/shadow-ui';
import { median } from './median';

export interface GrowthTools {
  sandbox: Sandbox;
  repeats: number;
  /** Opens a task's page and waits for its toolbar to list the attachments. */
  openTask: (taskId: string) => Promise<ShadowLocator>;
  clickUntilStatus: (
    toolbar: ShadowLocator,
    button: string | RegExp,
    done: string | RegExp,
  ) => Promise<{ seconds: number }>;
  /** The same files through the downloads API alone, 6 at a time. */
  bareDownloads: (ids: readonly string[]) => Promise<{ seconds: number }>;
  /** The same files fetched by curl, 6 at a time. */
  curlDownloads: (ids: readonly string[]) => Promise<{ seconds: number }>;
  emptyDownloads: () => void;
}

const KiB = 1024;
const MiB = 1024 * KiB;

interface FileSet {
  count: number;
  bytes: number;
}

/** Two sets apart by ten times the files, and two by four times the bytes. */
const series: { grows: string; unit: 'file' | 'MiB'; sets: [FileSet, FileSet] }[] = [
  {
    grows: 'files x10',
    unit: 'file',
    sets: [
      { count: 40, bytes: 64 * KiB },
      { count: 400, bytes: 64 * KiB },
    ],
  },
  {
    grows: 'bytes x4',
    unit: 'MiB',
    sets: [
      { count: 4, bytes: 16 * MiB },
      { count: 4, bytes: 64 * MiB },
    ],
  },
];

const label = ({ count, bytes }: FileSet) => `${count} x ${bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`}`;

interface Timings {
  extension: number[];
  floor: number[];
}

const timingsOfTwoSets = (): [Timings, Timings] => [
  { extension: [], floor: [] },
  { extension: [], floor: [] },
];

/** Seconds for the set, as time per unit (ms per file or per MiB): median and spread. */
function perUnit(set: FileSet, unit: 'file' | 'MiB', seconds: readonly number[]): { median: number; text: string } {
  const units = unit === 'file' ? set.count : (set.count * set.bytes) / MiB;
  const values = seconds.map((value) => (value * 1000) / units);
  const mid = median(values);
  return {
    median: mid,
    text: `${mid.toFixed(1)} ms/${unit} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`,
  };
}

function report(
  what: string,
  floorName: string,
  grows: string,
  unit: 'file' | 'MiB',
  sets: [FileSet, FileSet],
  timings: [Timings, Timings],
): string {
  const [small, large] = sets.map((set, index) => ({
    extension: perUnit(set, unit, timings[index]?.extension ?? []),
    floor: perUnit(set, unit, timings[index]?.floor ?? []),
  }));
  if (!small || !large) throw new Error('two sets expected');
  const growth = (from: { median: number }, to: { median: number }) => (to.median / from.median).toFixed(2);
  return `growth, ${what}, ${grows}: ${label(sets[0])} ${small.extension.text}, ${label(sets[1])} ${large.extension.text}: x${growth(small.extension, large.extension)} per ${unit}; ${floorName} ${small.floor.text} and ${large.floor.text}: x${growth(small.floor, large.floor)}`;
}

export async function benchGrowth(tools: GrowthTools): Promise<string[]> {
  const { sandbox, repeats } = tools;
  const lines: string[] = [];
  // Each side starts a fresh window of Pyrus's documented limit: a whole bench asks for more than one window holds,
  // and the real service would refuse it too.
  const freshRateWindow = () => sandbox.emulators.pyrus.freshRateWindow();
  for (const { grows, unit, sets } of series) {
    const download = timingsOfTwoSets();
    const zip = timingsOfTwoSets();
    for (const [index, set] of sets.entries()) {
      const task = sandbox.emulators.pyrus.addTask(`Growth ${label(set)}`);
      for (let file = 0; file < set.count; file++) {
        sandbox.emulators.pyrus.addFile(task, `file ${file}.bin`, {
          kind: 'generated',
          seed: `g${index}-${file}`,
          size: set.bytes,
        });
      }
      const ids = sandbox.emulators.pyrus.files(task).map((file) => file.id);
      const downloadTimes = download[index] as Timings;
      const zipTimes = zip[index] as Timings;
      for (let round = 0; round < repeats; round++) {
        tools.emptyDownloads();
        freshRateWindow();
        let toolbar = await tools.openTask(task);
        downloadTimes.extension.push(
          (await tools.clickUntilStatus(toolbar, /^Download all/, `Saved ${set.count} files.`)).seconds,
        );
        tools.emptyDownloads();
        freshRateWindow();
        downloadTimes.floor.push((await tools.bareDownloads(ids)).seconds);
        tools.emptyDownloads();
        freshRateWindow();
        toolbar = await tools.openTask(task);
        zipTimes.extension.push((await tools.clickUntilStatus(toolbar, 'Download as ZIP', /Saved .+\.zip\./)).seconds);
        freshRateWindow();
        zipTimes.floor.push((await tools.curlDownloads(ids)).seconds);
      }
    }
    lines.push(report('Download all', 'the downloads API alone', grows, unit, sets, download));
    lines.push(report('ZIP', 'curl', grows, unit, sets, zip));
  }
  tools.emptyDownloads();
  return lines;
}
