import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { AppError, type Result } from '../errors';
import { type RouteInput, type RouteName, type RouteOutput, routes } from '../messages/routes';
import { RequestEnvelopeSchema } from '../messages/send';
import { TaskListRefSchema } from '../messages/task-list-ref';
import { TaskRefSchema } from '../messages/task-ref';
import {
  type MessageSenderLike,
  requireExtensionPage,
  requireOwnContext,
  requireTaskSender,
  type SenderContext,
} from './sender-check';

export type Handlers = {
  [K in RouteName]: (input: RouteInput<K>, sender: MessageSenderLike) => Promise<RouteOutput<K>>;
};

const namesPage = v.union([v.object({ task: TaskRefSchema }), v.object({ list: TaskListRefSchema })]);

/** Who may send a message, by its route's rule (lib/messages/routes.ts). */
function requireAccess(context: SenderContext, sender: MessageSenderLike, name: RouteName, input: unknown): void {
  const { access } = routes[name];
  if (access === 'extension-page') requireExtensionPage(context, sender);
  else if (access === 'own') requireOwnContext(context, sender);
  else {
    const carried = v.safeParse(namesPage, input);
    if (!carried.success) throw new AppError('forbidden', { detail: `${name} names no task` });
    requireTaskSender(context, sender, 'task' in carried.output ? carried.output.task : carried.output.list);
  }
}

async function answer<K extends RouteName>(
  context: SenderContext,
  handlers: Handlers,
  name: K,
  data: unknown,
  sender: MessageSenderLike,
): Promise<Result<RouteOutput<K>>> {
  try {
    const input = v.parse(routes[name].input, data);
    requireAccess(context, sender, name, input);
    return { ok: true, value: await handlers[name](input, sender) };
  } catch (error) {
    // Unknown failures are logged here and never leak their text.
    if (!(error instanceof AppError)) console.error(`TrackerDrop: ${name} failed`, error);
    const known = error instanceof AppError ? error : new AppError('unexpected', { detail: 'internal error' });
    return { ok: false, error: known.toJSON() };
  }
}

/** The one router: for every request, its input checked against its route's schema and its sender against its rule. */
export function serveRoutes(context: SenderContext, handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    const request = v.safeParse(RequestEnvelopeSchema, message);
    // Not a request of the route table (the offscreen document's reports): another listener's.
    if (!request.success) return undefined;
    return answer(context, handlers, request.output.route, request.output.input, sender);
  });
}
