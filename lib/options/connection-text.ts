import type { SerializedError } from '../errors';
import { errorText } from '../i18n/error-text';
import type { MessageKey } from '../i18n/messages';
import { t } from '../i18n/t';
import type { TrackerId } from '../trackers/types';

const rejectedCredentials: Record<TrackerId, MessageKey> = {
  pyrus: 'connectionAuthPyrus',
  'yandex-tracker': 'connectionAuthYandex',
  worksection: 'connectionAuthWorksection',
  planfix: 'connectionAuthPlanfix',
};

/** Why a connection test failed, worded for the settings a person can change. */
export function connectionFailureText(tracker: TrackerId, error: SerializedError): string {
  switch (error.kind) {
    case 'auth':
      return t(rejectedCredentials[tracker]);
    case 'forbidden':
      return t(tracker === 'yandex-tracker' ? 'connectionForbiddenYandex' : 'connectionForbidden');
    case 'not-found':
      return t('connectionNotFound');
    case 'wrong-server':
      return t(tracker === 'planfix' ? 'connectionWrongPlanfixServer' : 'connectionNotFound');
    case 'network':
      return t('connectionNetwork');
    default:
      return errorText(error);
  }
}
