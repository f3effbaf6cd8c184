import type { BatchPlan } from './intake';

const lifetimeMs = 2 * 60_000;
const pending = new Map<string, { plan: BatchPlan; expires: number }>();

/**
 * Any page script can post to the bridge frame, so the bytes are only taken with a token the worker gave the
 * content script (which alone can message the worker) for exactly this batch. One use, two minutes.
 */
export function issueHandoffToken(plan: BatchPlan, now = Date.now()): string {
  for (const [token, entry] of pending) if (entry.expires < now) pending.delete(token);
  const token = crypto.randomUUID();
  pending.set(token, { plan, expires: now + lifetimeMs });
  return token;
}

export function takeHandoffToken(token: string, now = Date.now()): BatchPlan | undefined {
  const entry = pending.get(token);
  pending.delete(token);
  return entry && entry.expires >= now ? entry.plan : undefined;
}
