import * as v from 'valibot';
import { AppError } from '../errors';
import { minIntervalFor } from '../http/limiter';
import type { Tracker } from './definition';
import { planfix } from './planfix';
import { pyrus } from './pyrus';
import type { TaskListTarget, TaskTarget } from './types';
import { worksection } from './worksection';
import { yandexTracker } from './yandex-tracker';

/**
 * The trackers, in the order the product shows them. Everything else about them (host lists, the options form,
 * the managed-policy schema, message checks, the API clients) is derived from this list: a tracker is one folder
 * and one line here.
 */
export const trackers = [pyrus, yandexTracker, worksection, planfix] as const;

/** One of the registered trackers, with its id's literal type. */
export type RegisteredTracker = (typeof trackers)[number];

export type TrackerId = RegisteredTracker['id'];

export const trackerIds: readonly TrackerId[] = trackers.map((tracker) => tracker.id);

export const TrackerIdSchema = v.picklist(trackerIds);

/** A task of one of the trackers: what a page shows, what a message names, what a job is for. */
export interface TaskRef extends TaskTarget {
  tracker: TrackerId;
}

/** A page that lists tasks (a queue, a filter, a project) of one of the trackers. */
export interface TaskListRef extends TaskListTarget {
  tracker: TrackerId;
}

export function isTrackerId(id: string): id is TrackerId {
  return trackerIds.some((known) => known === id);
}

/** The tracker with this id; ids come checked from messages and storage, so an unknown one is a bug. */
export function trackerOf(id: string): Tracker<TrackerId> {
  const found = trackers.find((tracker) => tracker.id === id);
  if (!found) throw new AppError('unexpected', { detail: `no tracker ${id}` });
  return found;
}

/** The least time between the starts of two API requests that the tracker's documented rate allows, if it has one. */
export function requestIntervalOf(id: string): number | undefined {
  return minIntervalFor(trackerOf(id).capabilities.requestsPerSecond);
}
