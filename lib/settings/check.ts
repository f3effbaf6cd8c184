import * as v from 'valibot';
import type { MessageKey } from '../i18n/messages';
import type { Settings, Tracker } from '../trackers/definition';

/**
 * Checking what a person enters (or a file or a policy brings) against a tracker's fields. Secrets may be empty:
 * on the form, empty means "keep the saved one"; `missingSecrets` says whether anything is still missing.
 */
export interface FieldProblem {
  field: string;
  message: MessageKey;
}

export type SettingsCheck = { ok: true; settings: Settings } | { ok: false; problems: FieldProblem[] };

function isMessageKeyLike(value: string): value is MessageKey {
  return /^settings[A-Z]\w*$/.test(value);
}

/** Checks (and trims) settings; problems name the field and an i18n key. */
export function checkSettings(tracker: Tracker, input: unknown): SettingsCheck {
  const result = v.safeParse(tracker.schema, input, { abortPipeEarly: true });
  if (result.success) return { ok: true, settings: result.output };
  return {
    ok: false,
    problems: result.issues.map((issue) => ({
      field: issue.path?.map((item) => String(item.key)).join('.') ?? '',
      message: isMessageKeyLike(issue.message) ? issue.message : 'settingsInvalidChoice',
    })),
  };
}

/** The secrets still empty (of those these settings use): `settingsSecretRequired` for each. */
export function missingSecrets(tracker: Tracker, settings: Settings): FieldProblem[] {
  return tracker.secretFields
    .filter((field) => !settings[field] && tracker.inUse(settings, field))
    .map((field) => ({ field, message: 'settingsSecretRequired' }));
}

function addressKey(value: string): string {
  const text = value.trim().toLowerCase();
  return URL.canParse(text) ? new URL(text).href.replace(/\/$/, '') : text;
}

/**
 * Whether two settings of a tracker send their secrets to the same place. Saved secrets belong to the address they
 * were saved with: when it changes (on the form, in an imported file), they must be typed again.
 */
export function sameAddresses(tracker: Tracker, a: Settings, b: Settings): boolean {
  return tracker.addressFields.every((field) => addressKey(a[field] ?? '') === addressKey(b[field] ?? ''));
}

/**
 * Empty secret fields take the saved value (the page never holds a saved secret), unless the address they would go
 * to changed: then they stay empty, to be typed again.
 */
export function withSavedSecrets(tracker: Tracker, entered: Settings, saved: Settings | undefined): Settings {
  if (!saved || !sameAddresses(tracker, entered, saved)) return entered;
  const merged: Record<string, string> = { ...entered };
  for (const field of tracker.secretFields) merged[field] = merged[field] || saved[field] || '';
  return merged;
}

/** The same settings with every secret blanked. */
export function withoutSecrets(tracker: Tracker, settings: Settings): Settings {
  return { ...settings, ...Object.fromEntries(tracker.secretFields.map((field) => [field, ''])) };
}
