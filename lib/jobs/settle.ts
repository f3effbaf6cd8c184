import type { Attachment } from '../trackers/types';

/**
 * How long a tracker may still be handling a request whose answer never came (a closed browser, a cut connection)
 * before a step that finds nothing may be sent again: half a minute, and a second more per 10 MB it has to take in.
 * A request the tracker answered (even with an error) is never waited for.
 */
export function settleGraceMs(size: number): number {
  return 30_000 + Math.ceil(size / 10_000);
}

export type Settlement =
  | { kind: 'landed'; attachment: Attachment }
  | { kind: 'wait'; until: number }
  | { kind: 'again' };

/**
 * Settles a step whose outcome is unknown (its runner died, or its request got no answer) by what the tracker shows
 * now: a matching attachment that was not there before means it landed; else it is sent again, once no request of
 * it can still be in the tracker's hands.
 */
export function settle(
  step: { matchingBefore?: readonly string[]; sentAt?: number; size: number },
  found: readonly Attachment[],
  now = Date.now(),
): Settlement {
  const before = new Set(step.matchingBefore ?? []);
  const landed = found.find((attachment) => !before.has(attachment.id));
  if (landed) return { kind: 'landed', attachment: landed };
  const until = step.sentAt === undefined ? 0 : step.sentAt + settleGraceMs(step.size);
  return until > now ? { kind: 'wait', until } : { kind: 'again' };
}
