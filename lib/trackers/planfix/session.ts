import { AppError } from '../../errors';
import { asString, isRecord } from '../../http/responses';
import { memoValue } from '../memo-value';
import type { KeyValueMemo } from '../types';
import type { PlanfixSettings } from './index';
import { type XmlResponse, xmlRequest } from './xml';

const memoKey = 'planfix.session';
/** Session keys are valid for one hour (Planfix_API:_Authentication_using_username_and_password). */
const sessionLifetimeMs = 60 * 60 * 1000;
/** A key this close to its hour is replaced before use: a download the browser makes later must not meet it dead. */
const renewAheadMs = 10 * 60 * 1000;

/** Sends one XML request (auth.login here) and returns its `status="ok"` answer; errors are AppErrors. */
export type XmlExchange = (body: string, signal?: AbortSignal) => Promise<XmlResponse>;

export interface PlanfixSession {
  /** The `<sid>` for the next request: none in token mode; in login mode the kept one, or a new one. */
  sid(signal?: AbortSignal): Promise<string | undefined>;
  /** A new `<sid>` after `dead` was refused as expired (0005); requests that met the same dead one share it. */
  renew(dead: string, signal?: AbortSignal): Promise<string>;
}

/** Enough of a SHA-256 of what signs in to tell one sign-in from another, without keeping the password twice. */
async function fingerprint(settings: PlanfixSettings): Promise<string> {
  const who = [settings.apiServer, settings.account, settings.apiKey, settings.login, settings.password].join('\n');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(who));
  return [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

interface Kept {
  sid: string;
  obtainedAt: number;
}

function keptSession(stored: string | undefined, owner: string): Kept | undefined {
  const parsed = memoValue(stored);
  if (!isRecord(parsed) || parsed.owner !== owner) return undefined;
  const sid = asString(parsed.sid);
  const obtainedAt = typeof parsed.obtainedAt === 'number' ? parsed.obtainedAt : undefined;
  return sid && obtainedAt !== undefined ? { sid, obtainedAt } : undefined;
}

/**
 * Login mode (`Sign in with`: login and password): `auth.login` gives a session key that every later request
 * carries in `<sid>`. The key is kept in the memo between worker lives, replaced ahead of its hour, and renewed
 * once when PlanFix says it expired (0005). Token mode needs none of this.
 */
export function createPlanfixSession(
  settings: PlanfixSettings,
  exchange: XmlExchange,
  memo: KeyValueMemo | undefined,
): PlanfixSession {
  const owner = settings.signIn === 'login' ? fingerprint(settings) : Promise.resolve('');
  let current: Kept | undefined;
  // Requests that start together (two uploads, a list beside a test) share one login.
  let loggingIn: Promise<Kept> | undefined;

  const fresh = (kept: Kept | undefined): kept is Kept =>
    kept !== undefined && Date.now() - kept.obtainedAt < sessionLifetimeMs - renewAheadMs;

  const logInNow = async (signal?: AbortSignal): Promise<Kept> => {
    const { root } = await exchange(
      xmlRequest('auth.login', { account: settings.account }, { login: settings.login, password: settings.password }),
      signal,
    );
    const sid = asString(root.sid);
    if (!sid) throw new AppError('unexpected', { tracker: 'planfix', detail: 'auth.login gave no sid' });
    current = { sid, obtainedAt: Date.now() };
    await memo?.set(memoKey, JSON.stringify({ owner: await owner, ...current }));
    return current;
  };

  const logIn = (signal?: AbortSignal): Promise<Kept> => {
    loggingIn ??= logInNow(signal).finally(() => {
      loggingIn = undefined;
    });
    return loggingIn;
  };

  return {
    async sid(signal) {
      if (settings.signIn !== 'login') return undefined;
      if (fresh(current)) return current.sid;
      const stored = keptSession(await memo?.get(memoKey), await owner);
      if (fresh(stored)) {
        current = stored;
        return stored.sid;
      }
      return (await logIn(signal)).sid;
    },
    async renew(dead, signal) {
      if (current && current.sid !== dead) return current.sid;
      return (await logIn(signal)).sid;
    },
  };
}
