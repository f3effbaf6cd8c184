import { defineTracker, type SettingsField, type SettingsOf } from '../definition';
import { email, hostOf, httpsAddress, required } from '../field-checks';
import { page } from './page';

const fields = [
  {
    name: 'login',
    label: 'labelLogin',
    kind: 'email',
    placeholder: 'bot@example.com',
    check: email(required('settingsLoginRequired'), 'settingsLoginInvalid'),
  },
  { name: 'securityKey', label: 'labelSecurityKey', kind: 'secret' },
  {
    name: 'server',
    label: 'labelServer',
    kind: 'url',
    address: true,
    hint: 'hintPyrusServer',
    placeholder: 'https://pyrus.example.com',
    check: httpsAddress('settingsServerInvalid'),
  },
] as const satisfies readonly SettingsField[];

export type PyrusSettings = SettingsOf<typeof fields>;

export const pyrus = defineTracker({
  id: 'pyrus',
  label: 'Pyrus',
  page,
  apiHosts: ['accounts.pyrus.com', 'api.pyrus.com', 'files.pyrus.com'],
  fields,
  // Files up to 2 GB (pyrus.md: the current docs and the Python SDK).
  capabilities: { attachesThroughComment: true, projectFiles: false, maxFileSize: 2 * 1024 ** 3 - 1 },
  connectionText: { rejected: 'connectionAuthPyrus' },
  // The codes of https://pyrus.com/en/help/api/errors-and-limits, grouped as the official SDKs group them
  // (pyrusapi-typescript src/enums/errorCodeType.ts, pyrusapi-csharp Enums/ErrorCodeType.cs). They decide before
  // the HTTP status does. Pyrus answers `access_denied_task` for a task that is not there too.
  errorCodes: {
    invalid_credentials: 'auth',
    authorization_error: 'auth',
    token_not_specified: 'auth',
    expired_token: 'auth',
    revoked_token: 'auth',
    invalid_token: 'auth',
    account_blocked: 'auth',
    too_many_requests: 'rate-limited',
    access_denied_task: 'not-found',
    file_is_missing: 'not-found',
    access_denied_file: 'forbidden',
    access_denied_form: 'forbidden',
    access_denied: 'forbidden',
    too_large_request_length: 'too-large',
    server_error: 'server',
  },
  accountPageHosts: (settings) => [(settings.server && hostOf(settings.server)) || 'pyrus.com'],
});
