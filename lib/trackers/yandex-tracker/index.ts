import { defineTracker, type SettingsField, type SettingsOf } from '../definition';
import { pattern, required } from '../field-checks';
import { page } from './page';

const fields = [
  { name: 'token', label: 'labelToken', kind: 'secret' },
  {
    name: 'tokenType',
    label: 'labelTokenType',
    kind: 'select',
    initial: 'OAuth',
    choices: [
      { value: 'OAuth', text: 'OAuth' },
      { value: 'IAM', text: 'IAM' },
    ],
  },
  {
    name: 'orgId',
    label: 'labelOrgId',
    kind: 'text',
    hint: 'hintYandexOrg',
    check: pattern(required('settingsOrgIdRequired', 64), /^[\w-]+$/, 'settingsOrgIdInvalid'),
  },
  {
    name: 'orgType',
    label: 'labelOrgType',
    kind: 'select',
    initial: '360',
    // `360` sends `X-Org-ID`; `cloud` sends `X-Cloud-Org-ID`.
    choices: [
      { value: '360', text: 'Yandex 360' },
      { value: 'cloud', text: 'Yandex Cloud' },
    ],
  },
] as const satisfies readonly SettingsField[];

export type YandexTrackerSettings = SettingsOf<typeof fields>;

export const yandexTracker = defineTracker({
  id: 'yandex-tracker',
  label: 'Yandex Tracker',
  page,
  // Attachment downloads redirect to Yandex's storage hosts (no credentials go there).
  apiHosts: ['api.tracker.yandex.net', '*.mds.yandex.net'],
  fields,
  // Documented as "1024 Mb"; the server's 413 is trusted beyond that.
  capabilities: { attachesThroughComment: true, projectFiles: true, maxFileSize: 1024 ** 3 },
  connectionText: { rejected: 'connectionAuthYandex', forbidden: 'connectionForbiddenYandex' },
  // The `statusCode` of Tracker's error body and what it means (yandex-cloud/docs en/tracker/api-ref/error-codes.md).
  errorCodes: {
    '401': 'auth',
    '403': 'forbidden',
    '404': 'not-found',
    '413': 'too-large',
    '422': 'unexpected',
    '429': 'rate-limited',
  },
  // The organisation comes with the credentials (a header), not with the page: both domains show the same issues.
  accountPageHosts: () => ['tracker.yandex.ru', 'tracker.yandex.com'],
});
