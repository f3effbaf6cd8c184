import type { ErrorKind } from '../errors';

export interface InterruptVerdict {
  kind: ErrorKind;
  /** Worth another try after a pause (the tracker or the network may recover). */
  retry: boolean;
}

/**
 * What a download's interrupt reason (`DownloadItem.error`, Chromium's names) means for us. The downloads API does
 * not say the HTTP status, so transient ones are probed again before retrying (see runner).
 */
export function classifyInterrupt(reason: string | undefined): InterruptVerdict {
  switch (reason) {
    case 'USER_CANCELED':
    case 'USER_SHUTDOWN':
      return { kind: 'cancelled', retry: reason === 'USER_SHUTDOWN' };
    case 'SERVER_UNAUTHORIZED':
      return { kind: 'auth', retry: false };
    case 'SERVER_FORBIDDEN':
      return { kind: 'forbidden', retry: false };
    case 'SERVER_BAD_CONTENT':
      return { kind: 'not-found', retry: false };
    case 'FILE_NO_SPACE':
      return { kind: 'disk-full', retry: false };
    case 'FILE_TRANSIENT_ERROR':
      return { kind: 'disk', retry: true };
    case 'SERVER_FAILED':
    case 'SERVER_NO_RANGE':
    case 'SERVER_CONTENT_LENGTH_MISMATCH':
      return { kind: 'server', retry: true };
    case 'CRASH':
      return { kind: 'network', retry: true };
    default:
      if (reason?.startsWith('NETWORK_') || reason === 'SERVER_UNREACHABLE') return { kind: 'network', retry: true };
      if (reason?.startsWith('FILE_')) return { kind: 'disk', retry: false };
      return { kind: 'unexpected', retry: false };
  }
}
