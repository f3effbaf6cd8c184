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

/** What the router answers: a Result (its value checked by the caller's route types). */
const AnswerSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), value: v.optional(v.unknown()) }),
  v.object({ ok: v.literal(false), error: v.object({ kind: v.string(), details: v.object({}) }) }),
]);

const noAnswer = { ok: false, error: { kind: 'no-answer', details: {} } } as const;

/**
 * Asks the background; the answer is a value or an error, never a throw. A page the extension was updated or
 * reloaded under can no longer reach it ("Extension context invalidated", or no answer at all): that is an error too.
 */
export async function send<K extends RouteName>(route: K, input: RouteInput<K>): Promise<Result<RouteOutput<K>>> {
  const answer: unknown = await browser.runtime.sendMessage({ route, input }).catch(() => undefined);
  // The background's router answers every request of a route with that route's Result.
  return v.is(AnswerSchema, answer) ? (answer as Result<RouteOutput<K>>) : noAnswer;
}
