import * as v from 'valibot';
import browser from 'webextension-polyfill';
import type { Result } from '../errors';
import { type RouteInput, type RouteName, type RouteOutput, routes } from './routes';

/**
 * How a request travels: the route's name and its input (checked again by the router). A route that takes nothing
 * is sent with `input: undefined`, and the message's JSON drops that key: absent it must still be a request.
 */
export const RequestEnvelopeSchema = v.object({
  route: v.custom<RouteName>((name) => typeof name === 'string' && Object.hasOwn(routes, name)),
  input: v.optional(v.unknown()),
});

/** Asks the background; the answer is a value or an error, never a throw (but for a worker that went away). */
export async function send<K extends RouteName>(route: K, input: RouteInput<K>): Promise<Result<RouteOutput<K>>> {
  const answer: unknown = await browser.runtime.sendMessage({ route, input });
  // The background's router answers every request of a route with that route's Result.
  return answer as Result<RouteOutput<K>>;
}
