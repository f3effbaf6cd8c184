import * as v from 'valibot';
import { AppError } from '../errors';
import type { Settings, Tracker } from './definition';
import type { ApiDeps, TrackerApi } from './types';

/** What each tracker folder's `api.ts` exports: its client, built from settings its schema checked. */
interface ApiModule {
  createApi(settings: Settings, deps: ApiDeps): TrackerApi;
}

// Each tracker's client is found by its folder, so the content script, which needs the registry but no client,
// never carries the clients' code.
const modules = import.meta.glob<ApiModule>('./*/api.ts', { eager: true });

/** A tracker's API client (background and offscreen only: it carries secrets). */
export function createTrackerApi(tracker: Tracker, settings: Settings, deps: ApiDeps): TrackerApi {
  const module = modules[`./${tracker.id}/api.ts`];
  if (!module) throw new AppError('unexpected', { tracker: tracker.id, detail: 'no API client' });
  return module.createApi(v.parse(tracker.schema, settings), deps);
}
