import type { SerializedError } from '../lib/errors';
import { errorText } from '../lib/i18n/error-text';
import { t } from '../lib/i18n/t';
import type { Tracker } from '../lib/trackers/definition';

/** Why a connection test failed, worded for the settings a person can change. */
export function connectionFailureText(tracker: Tracker, error: SerializedError): string {
  const words = tracker.connectionText;
  switch (error.kind) {
    case 'auth': {
      const { rejectedByCode: byCode } = words;
      const code = error.details.code;
      return t(byCode && code && Object.hasOwn(byCode, code) ? (byCode[code] ?? words.rejected) : words.rejected);
    }
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
