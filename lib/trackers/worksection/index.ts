import { defineTracker, type SettingsField, type SettingsOf } from '../definition';
import { hostOf, pattern, required } from '../field-checks';
import { page } from './page';

const fields = [
  {
    name: 'accountUrl',
    label: 'labelAccountAddress',
    kind: 'url',
    address: true,
    hint: 'hintWorksectionAddress',
    placeholder: 'https://acme.worksection.com',
    check: pattern(
      required('settingsAccountUrlRequired', 300),
      /^https:\/\/[a-z0-9-]+\.worksection\.com\/?$/i,
      'settingsAccountUrlInvalid',
    ),
  },
  { name: 'apiKey', label: 'labelApiKey', kind: 'secret' },
] as const satisfies readonly SettingsField[];

export type WorksectionSettings = SettingsOf<typeof fields>;

export const worksection = defineTracker({
  id: 'worksection',
  label: 'Worksection',
  page,
  // The admin API lives on the account's own host.
  apiHosts: ['*.worksection.com'],
  fields,
  // No size is documented: 1 GiB, and a 413 from the server is trusted below that. About one request a second.
  capabilities: { attachesThroughComment: false, projectFiles: true, maxFileSize: 1024 ** 3, requestsPerSecond: 1 },
  connectionText: { rejected: 'connectionAuthWorksection' },
  // `status_code` of `{"status":"error"}` answers: 2 "Action hash is missed or invalid" (api-start); 4 "Project is
  // invalid" / "File not found", 5 "Task is invalid" (the recorded examples of Worksection's Postman collection).
  errorCodes: { '2': 'auth', '4': 'not-found', '5': 'not-found' },
  accountPageHosts: (settings) => [hostOf(settings.accountUrl) ?? ''].filter(Boolean),
});
