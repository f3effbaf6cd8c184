import * as v from 'valibot';
import type { MessageKey } from './i18n/messages';
import type { TrackerSettingsMap } from './settings-types';
import type { TrackerId } from './trackers/types';

/**
 * What each tracker's settings must look like. Every check's message is an i18n key, so the options page and the
 * background word the same problem the same way. Secrets may be empty here: on the form, empty means "keep the
 * saved one"; `requireSecrets` says whether anything is still missing once the saved ones are filled in.
 */
const message = (key: MessageKey) => key;

const text = (max = 200) => v.pipe(v.string(), v.trim(), v.maxLength(max, message('settingsTooLong')));
const required = (key: MessageKey, max = 200) => v.pipe(text(max), v.nonEmpty(message(key)));
const secret = () => text(2000);

export const planfixApiServers = [
  'https://apiru.planfix.ru/xml/',
  'https://api.planfix.ru/xml/',
  'https://api.planfix.com/xml/',
  'https://api-sg.planfix.com/xml/',
  'https://api-us.planfix.com/xml/',
] as const;

const httpsAddress = (key: MessageKey) =>
  v.pipe(
    text(300),
    v.check((value) => value === '' || isHttpsUrl(value), message(key)),
  );

export const PyrusSettingsSchema = v.strictObject({
  login: v.pipe(required('settingsLoginRequired'), v.email(message('settingsLoginInvalid'))),
  securityKey: secret(),
  server: httpsAddress('settingsServerInvalid'),
});

export const YandexTrackerSettingsSchema = v.strictObject({
  token: secret(),
  tokenType: v.picklist(['OAuth', 'IAM'], message('settingsInvalidChoice')),
  orgId: v.pipe(required('settingsOrgIdRequired', 64), v.regex(/^[\w-]+$/, message('settingsOrgIdInvalid'))),
  orgType: v.picklist(['360', 'cloud'], message('settingsInvalidChoice')),
});

export const WorksectionSettingsSchema = v.strictObject({
  accountUrl: v.pipe(
    required('settingsAccountUrlRequired', 300),
    v.regex(/^https:\/\/[a-z0-9-]+\.worksection\.com\/?$/i, message('settingsAccountUrlInvalid')),
  ),
  apiKey: secret(),
});

export const PlanfixSettingsSchema = v.strictObject({
  account: v.pipe(required('settingsAccountRequired', 63), v.regex(/^[a-z0-9-]+$/i, message('settingsAccountInvalid'))),
  apiKey: secret(),
  token: secret(),
  // Only the documented XML API servers: the key and token go there (planfix.md).
  apiServer: v.picklist(planfixApiServers, message('settingsApiServerInvalid')),
});

export const trackerSettingsSchemas = {
  pyrus: PyrusSettingsSchema,
  'yandex-tracker': YandexTrackerSettingsSchema,
  worksection: WorksectionSettingsSchema,
  planfix: PlanfixSettingsSchema,
} as const;

/**
 * The fields that say where the secrets are sent. Saved secrets belong to the address they were saved with: when
 * one of these changes (on the form, in an imported file), the secrets must be typed again.
 */
export const hostFields: { [K in TrackerId]: readonly (keyof TrackerSettingsMap[K] & string)[] } = {
  pyrus: ['server'],
  'yandex-tracker': [],
  worksection: ['accountUrl'],
  planfix: ['apiServer'],
};

function addressKey(value: string): string {
  const text = value.trim().toLowerCase();
  return URL.canParse(text) ? new URL(text).href.replace(/\/$/, '') : text;
}

/** Whether two settings of a tracker send their secrets to the same place. */
export function sameHosts<K extends TrackerId>(
  tracker: K,
  a: TrackerSettingsMap[K],
  b: TrackerSettingsMap[K],
): boolean {
  const first = a as unknown as Record<string, string>;
  const second = b as unknown as Record<string, string>;
  return hostFields[tracker].every((field) => addressKey(first[field] ?? '') === addressKey(second[field] ?? ''));
}

/** The fields that are secrets: masked, never shown again, left out of exports unless asked for. */
export const secretFields: { [K in TrackerId]: readonly (keyof TrackerSettingsMap[K] & string)[] } = {
  pyrus: ['securityKey'],
  'yandex-tracker': ['token'],
  worksection: ['apiKey'],
  planfix: ['apiKey', 'token'],
};

export const emptySettings: TrackerSettingsMap = {
  pyrus: { login: '', securityKey: '', server: '' },
  'yandex-tracker': { token: '', tokenType: 'OAuth', orgId: '', orgType: '360' },
  worksection: { accountUrl: '', apiKey: '' },
  planfix: { account: '', apiKey: '', token: '', apiServer: planfixApiServers[0] },
};

export interface FieldProblem {
  field: string;
  message: MessageKey;
}

export type SettingsCheck<K extends TrackerId> =
  | { ok: true; settings: TrackerSettingsMap[K] }
  | { ok: false; problems: FieldProblem[] };

/** Checks (and trims) settings; problems name the field and an i18n key. */
export function checkSettings<K extends TrackerId>(tracker: K, input: unknown): SettingsCheck<K> {
  const result = v.safeParse(trackerSettingsSchemas[tracker], input, { abortPipeEarly: true });
  if (result.success) return { ok: true, settings: result.output as TrackerSettingsMap[K] };
  return {
    ok: false,
    problems: result.issues.map((issue) => ({
      field: issue.path?.map((item) => String(item.key)).join('.') ?? '',
      message: isMessageKeyLike(issue.message) ? (issue.message as MessageKey) : 'settingsInvalidChoice',
    })),
  };
}

/** The secrets still empty: `settingsSecretRequired` for each. */
export function missingSecrets<K extends TrackerId>(tracker: K, settings: TrackerSettingsMap[K]): FieldProblem[] {
  const values = settings as unknown as Record<string, string>;
  return secretFields[tracker]
    .filter((field) => !values[field])
    .map((field) => ({ field, message: 'settingsSecretRequired' }));
}

/**
 * Empty secret fields take the saved value (the page never holds a saved secret), unless the address they would go
 * to changed: then they stay empty, to be typed again.
 */
export function withSavedSecrets<K extends TrackerId>(
  tracker: K,
  entered: TrackerSettingsMap[K],
  saved: TrackerSettingsMap[K] | undefined,
): TrackerSettingsMap[K] {
  if (saved && !sameHosts(tracker, entered, saved)) return entered;
  const merged: Record<string, string> = { ...(entered as unknown as Record<string, string>) };
  const previous = (saved ?? {}) as Record<string, string>;
  for (const field of secretFields[tracker]) if (!merged[field] && previous[field]) merged[field] = previous[field];
  return merged as unknown as TrackerSettingsMap[K];
}

/** The same settings with every secret blanked. */
export function withoutSecrets<K extends TrackerId>(
  tracker: K,
  settings: TrackerSettingsMap[K],
): TrackerSettingsMap[K] {
  const copy: Record<string, string> = { ...(settings as unknown as Record<string, string>) };
  for (const field of secretFields[tracker]) copy[field] = '';
  return copy as unknown as TrackerSettingsMap[K];
}

function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

function isMessageKeyLike(value: string): boolean {
  return /^settings[A-Z]\w*$/.test(value);
}
