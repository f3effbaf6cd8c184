import type { TrackerId } from '../../lib/trackers/registry';
import type { Content } from './content';
import type { Ctx } from './context';

/** A file the sandbox holds for a task or project, as tests see it. */
export interface SandboxFile {
  id: string;
  name: string;
  content: Content;
  /** `task`, `comment:<id>`, `field:<name>` or `project`. */
  place: string;
}

export interface SamplePage {
  url: string;
  containerId: string;
  title: string;
}

/** One tracker's emulation: its API hosts and its task pages. */
export interface TrackerEmulator {
  readonly tracker: TrackerId;
  handles(host: string): boolean;
  handle(ctx: Ctx): Promise<void>;
  /** The tracker's own error body for a status a fault switch forces. */
  errorResponse(status: number): { body: string; contentType: string };
  /** How the tracker tells a client to wait this long, where not with `Retry-After` (a fault's `retryAfter`). */
  waitHeaders?(seconds: number): Record<string, string>;
  /** Back to the seeded data (files, tokens, counters). */
  reset(): void;
  /** The live files of a container (task id or number as the UI shows it, or a project id). */
  files(containerId: string): SandboxFile[];
  addFile(containerId: string, name: string, content: Content): SandboxFile;
  /** What a person types into the settings to connect to this sandboxed tracker. */
  credentials(): Record<string, string>;
  /** Task and project page URLs with attachments, for demos and tests. */
  samplePages(): SamplePage[];
  /** A task with no files yet, for tests that add their own. */
  emptyTaskPage(): SamplePage;
}
