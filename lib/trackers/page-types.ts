import type { TaskRef, TrackerId } from './types';

/** A tracker's URL parser, with the real URLs it is tested against written next to it. */
export interface TrackerPage {
  tracker: TrackerId;
  /** The task or project a page URL shows, or undefined when it shows none. Never touches the network. */
  parse(url: URL): TaskRef | undefined;
  /** Real URL shapes: task pages, SPA variants, and pages that are not tasks (`expected: undefined`). */
  examples: readonly { url: string; expected: Omit<TaskRef, 'tracker' | 'host'> | undefined }[];
}
