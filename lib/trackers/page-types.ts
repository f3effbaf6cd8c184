import type { TaskRef, TrackerId } from './types';

/** A tracker's URL parser, with the real URLs it is tested against written next to it. */
export interface TrackerPage {
  tracker: TrackerId;
  /**
   * The hosts of the tracker's own task pages, as match-pattern hosts (`*.worksection.com`). A page anywhere else is
   * never taken for a task, whatever its path says; an on-premise host counts only once it is configured.
   */
  hosts: readonly string[];
  /** The path under those hosts where the tracker's app runs (a match-pattern path), when not the whole host. */
  appPath?: string;
  /** The task or project a page URL shows, or undefined when it shows none. Never touches the network. */
  parse(url: URL): TaskRef | undefined;
  /** Real URL shapes: task pages, SPA variants, and pages that are not tasks (`expected: undefined`). */
  examples: readonly { url: string; expected: Omit<TaskRef, 'tracker' | 'host'> | undefined }[];
}
