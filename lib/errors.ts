/**
 * One error vocabulary for the whole extension: what went wrong (`kind`) and the facts that go with it. It carries
 * no words: the UI words it in the user's language (`errorText` in lib/i18n). A leaf: it imports nothing.
 */
export type ErrorKind =
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
  | 'cancelled'
  /** The browser's record of a download was erased before its end was known: the file may or may not be saved. */
  | 'erased'
  /** The extension's background did not answer a page (an update or reload cut the page off from it). */
  | 'no-answer';

export interface ErrorDetails {
  /** The tracker the error came from (its registry id). */
  tracker?: string;
  status?: number;
  /** The tracker's own error code (`invalid_token`, `0024`, ...). */
  code?: string;
  retryAfterMs?: number;
  limitBytes?: number;
  /** What an operation would need (storage quota). */
  neededBytes?: number;
  /** The tracker's own words, already stripped of secrets, or what the error is about (a file name). */
  detail?: string;
}

/** An error as it crosses a message boundary: plain data. */
export interface SerializedError {
  kind: ErrorKind;
  details: ErrorDetails;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, details: ErrorDetails = {}) {
    super(details.detail ? `${kind}: ${details.detail}` : kind);
    this.name = 'AppError';
    this.kind = kind;
    this.details = details;
  }

  /** Worth retrying on its own (after `retryAfterMs` where given). */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network';
  }

  toJSON(): SerializedError {
    return { kind: this.kind, details: this.details };
  }
}

/** Any failure as an AppError; an unknown one keeps its text only as a detail. */
export function asAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('unexpected', { detail: String(error) });
}

/** What crosses the message boundary: a value, or an error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** Replaces every secret in a text that came from elsewhere (a server's error message, a URL). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join('***');
  }
  return clean;
}
