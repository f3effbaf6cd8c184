import type { ErrorKind, SerializedError } from '../errors';
import { formatBytes } from '../format';
import type { MessageKey } from './messages';
import { t } from './t';

const messageKeys: Record<ErrorKind, MessageKey> = {
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
  erased: 'errorErased',
  'no-answer': 'errorNoAnswer',
};

/** An error in the user's language: what happened, with the numbers that go with it. */
export function errorText({ kind, details }: SerializedError): string {
  const key = messageKeys[kind];
  switch (kind) {
    case 'rate-limited':
      return t(key, String(Math.ceil((details.retryAfterMs ?? 1000) / 1000)));
    case 'too-large':
      // A server's 413 names no limit (the trackers document none, or one per plan): not said, rather than said as 0 B.
      return details.limitBytes === undefined ? t('errorTooLargeForServer') : t(key, formatBytes(details.limitBytes));
    case 'quota':
      // What is left is unknown where the browser's estimate failed: not said, rather than said as 0 B.
      return details.limitBytes === undefined
        ? t('errorQuotaNeeded', formatBytes(details.neededBytes ?? 0))
        : t(key, formatBytes(details.neededBytes ?? 0), formatBytes(details.limitBytes));
    case 'server':
      return t(key, String(details.status ?? ''));
    case 'unexpected':
      // Without a tracker it is no tracker's answer but a failure of the browser or the extension (`asAppError`):
      // said as ours, its untranslated text kept only as the technical detail in parentheses.
      if (!details.tracker) return t('errorInternal', details.detail ?? '?');
      return t(key, details.detail ?? `HTTP ${details.status ?? '?'}`);
    case 'disk':
      return t(key, details.code ?? '');
    case 'source':
      return t(key, details.detail ?? '');
    default:
      return t(key);
  }
}
