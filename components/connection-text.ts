import type { SerializedError } from '../lib/errors';
import { errorText } from '../lib/i18n/error-text';
import { t } from '../lib/i18n/t';
import type { Tracker } from '../lib/trackers/definition';

/** Why a connection test failed, worded for the settings a person can change. */
export function connectionFailureText(tracker: Tracker, error: SerializedError): string {
  const words = tracker.connectionText;
  const code = error.details.code;
  const ownWords = code && words.byCode && Object.hasOwn(words.byCode, code) ? words.byCode[code] : undefined;
  if (ownWords) return t(ownWords);
  switch (error.kind) {
    case 'auth':
      return t(words.rejected);
    case 'forbidden':
      return t(words.forbidden ?? 'connectionForbidden');
    case 'not-found':
      return t('connectionNotFound');
    case 'wrong-server':
      return t(words.wrongServer ?? 'connectionNotFound');
    case 'network':
      return t('connectionNetwork');
    default:
      return errorText(error);
  }
}
