import { formatBytes } from '../format';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import type { TrackerId } from './types';

export type TrackerErrorKind =
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'too-large'
  | 'network'
  | 'server'
  | 'unexpected'
  | 'not-configured'
  | 'other-account'
  | 'wrong-server'
  | 'hash-mismatch'
  | 'conflict'
  | 'disk-full'
  | 'quota'
  | 'source'
  | 'disk'
  | 'cancelled';

const messageKeys: Record<TrackerErrorKind, MessageKey> = {
  auth: 'errorAuth',
  forbidden: 'errorForbidden',
  'not-found': 'errorNotFound',
  'rate-limited': 'errorRateLimited',
  'too-large': 'errorTooLarge',
  network: 'errorNetwork',
  server: 'errorServer',
  unexpected: 'errorUnexpected',
  'not-configured': 'errorNotConnected',
  'other-account': 'errorOtherAccount',
  'wrong-server': 'errorWrongServer',
  'hash-mismatch': 'errorHashMismatch',
  conflict: 'errorConflict',
  'disk-full': 'errorDiskFull',
  quota: 'errorQuota',
  source: 'errorSource',
  disk: 'errorDisk',
  cancelled: 'errorCancelled',
};

export interface TrackerErrorDetails {
  tracker?: TrackerId;
  status?: number;
  /** The tracker's own error code (`invalid_token`, `0024`, ...). */
  code?: string;
  retryAfterMs?: number;
  limitBytes?: number;
  /** What an operation would need (storage quota). */
  neededBytes?: number;
  /** The tracker's own words, already stripped of secrets. */
  detail?: string;
}

/** One error vocabulary for all four trackers. `message` is for people, in the browser's language. */
export class TrackerError extends Error {
  readonly kind: TrackerErrorKind;
  readonly details: TrackerErrorDetails;

  constructor(kind: TrackerErrorKind, details: TrackerErrorDetails = {}) {
    super(userMessage(kind, details));
    this.name = 'TrackerError';
    this.kind = kind;
    this.details = details;
  }

  /** Worth retrying on its own (after `retryAfterMs` where given). */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network';
  }

  toJSON(): SerializedTrackerError {
    return { kind: this.kind, message: this.message, details: this.details };
  }
}

export interface SerializedTrackerError {
  kind: TrackerErrorKind;
  message: string;
  details: TrackerErrorDetails;
}

function userMessage(kind: TrackerErrorKind, details: TrackerErrorDetails): string {
  const key = messageKeys[kind];
  switch (kind) {
    case 'rate-limited':
      return t(key, String(Math.ceil((details.retryAfterMs ?? 1000) / 1000)));
    case 'too-large':
      return t(key, formatBytes(details.limitBytes ?? 0));
    case 'quota':
      return t(key, formatBytes(details.neededBytes ?? 0), formatBytes(details.limitBytes ?? 0));
    case 'server':
      return t(key, String(details.status ?? ''));
    case 'unexpected':
      return t(key, details.detail ?? `HTTP ${details.status ?? '?'}`);
    case 'disk':
      return t(key, details.code ?? '');
    case 'source':
      return t(key, details.detail ?? '');
    default:
      return t(key);
  }
}

/** Replaces every secret in a text that came from elsewhere (a server's error message, a URL). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join('***');
  }
  return clean;
}
