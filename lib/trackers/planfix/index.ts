import { defineTracker, type SettingsField, type SettingsOf } from '../definition';
import { choice, pattern, required } from '../field-checks';
import { page } from './page';
import { planfixApiServers } from './servers';

/**
 * People paste what they have: `acme`, `acme.planfix.com`, or a task address. The account is the first label of a
 * `planfix.ru`/`planfix.com` host; the API server that goes with it follows the domain.
 */
export function readPlanfixAccount(input: string): { account: string; defaultApiServer?: string } {
  const text = input.trim();
  const host = URL.canParse(text) ? new URL(text).hostname : (text.split('/')[0] ?? '');
  const match = /^([a-z0-9-]+)\.planfix\.(ru|com)$/i.exec(host);
  if (!match?.[1]) return { account: text };
  const server = match[2]?.toLowerCase() === 'com' ? planfixApiServers[2] : planfixApiServers[0];
  return { account: match[1].toLowerCase(), defaultApiServer: server };
}

const fields = [
  {
    name: 'account',
    label: 'labelAccount',
    kind: 'text',
    hint: 'hintPlanfixAccount',
    placeholder: 'acme',
    check: pattern(required('settingsAccountRequired', 63), /^[a-z0-9-]+$/i, 'settingsAccountInvalid'),
    read: (input) => readPlanfixAccount(input).account,
    suggests: (input): Record<string, string> => {
      const server = readPlanfixAccount(input).defaultApiServer;
      return server ? { apiServer: server } : {};
    },
  },
  { name: 'apiKey', label: 'labelApiKey', kind: 'secret' },
  {
    name: 'signIn',
    label: 'labelSignIn',
    kind: 'select',
    initial: 'token',
    // Planfix_API:_Authentication_using_username_and_password: kept for accounts that do not use tokens.
    choices: [
      { value: 'token', label: 'labelToken' },
      { value: 'login', label: 'choiceLoginAndPassword' },
    ],
  },
  { name: 'token', label: 'labelToken', kind: 'secret', shownWhen: { field: 'signIn', equals: 'token' } },
  {
    name: 'login',
    label: 'labelLogin',
    kind: 'text',
    shownWhen: { field: 'signIn', equals: 'login' },
    check: required('settingsPlanfixLoginRequired', 200),
  },
  { name: 'password', label: 'labelPassword', kind: 'secret', shownWhen: { field: 'signIn', equals: 'login' } },
  {
    name: 'apiServer',
    label: 'labelApiServer',
    kind: 'select',
    initial: planfixApiServers[0] ?? '',
    address: true,
    choices: planfixApiServers.map((server) => ({ value: server, text: server })),
    check: choice(planfixApiServers, 'settingsApiServerInvalid'),
  },
] as const satisfies readonly SettingsField[];

export type PlanfixSettings = SettingsOf<typeof fields>;

export const planfix = defineTracker({
  id: 'planfix',
  label: 'PlanFix',
  page,
  apiHosts: planfixApiServers.map((server) => new URL(server).host),
  fields,
  // No size is published (it depends on the plan); a base64 XML body of 512 MiB is already 700 MB on the wire.
  capabilities: {
    attachesThroughComment: false,
    projectFiles: true,
    maxFileSize: 512 * 1024 * 1024,
    requestsPerSecond: 1,
  },
  connectionText: {
    rejected: 'connectionAuthPlanfix',
    // 0022: the API is open to paid plans only (https://planfix.com/help/Error_codes_XML_API_v1).
    byCode: { '1001': 'connectionAuthPlanfixLogin', '0022': 'connectionPlanfixFreePlan' },
    wrongServer: 'connectionWrongPlanfixServer',
  },
  // https://planfix.com/help/Error_codes_XML_API_v1 (and its ru twin, which has the per-object codes).
  errorCodes: {
    '0001': 'auth',
    '0002': 'forbidden',
    '0004': 'not-found',
    '0005': 'auth',
    '0006': 'auth',
    '0007': 'rate-limited',
    '0010': 'forbidden',
    '0011': 'server',
    '0012': 'auth',
    '0013': 'auth',
    '0014': 'auth',
    '0020': 'forbidden',
    '0022': 'forbidden',
    '0023': 'forbidden',
    '0024': 'wrong-server',
    '0101': 'not-found',
    '0104': 'forbidden',
    '0105': 'forbidden',
    '1001': 'auth',
    '2001': 'not-found',
    '2002': 'forbidden',
    '3001': 'not-found',
    '3002': 'forbidden',
    '3008': 'forbidden',
    '9001': 'forbidden',
    '9002': 'not-found',
    '9006': 'conflict',
  },
  accountPageHosts: (settings) => ['ru', 'com'].map((zone) => `${settings.account.toLowerCase()}.planfix.${zone}`),
});
