import * as v from 'valibot';
import type { MessageKey } from '../i18n/messages';

/**
 * The checks settings fields are built from. Every message is an i18n key, so the options page and the background
 * word a problem the same way.
 */
const message = (key: MessageKey) => key;

export const text = (max = 200) => v.pipe(v.string(), v.trim(), v.maxLength(max, message('settingsTooLong')));

export const required = (key: MessageKey, max = 200) => v.pipe(text(max), v.nonEmpty(message(key)));

/** May be empty: on the form, empty means "keep the saved one". */
export const secret = () => text(2000);

export const choice = (values: readonly string[], key: MessageKey = 'settingsInvalidChoice') =>
  v.pipe(
    v.string(),
    v.check((value) => values.includes(value), message(key)),
  );

export function isHttpsUrl(value: string): boolean {
  return URL.canParse(value) && new URL(value).protocol === 'https:';
}

/** An https:// address, or nothing. */
export const httpsAddress = (key: MessageKey) =>
  v.pipe(
    text(300),
    v.check((value) => value === '' || isHttpsUrl(value), message(key)),
  );

export const pattern = (base: v.GenericSchema<string, string>, regex: RegExp, key: MessageKey) =>
  v.pipe(base, v.regex(regex, message(key)));

export function hostOf(address: string): string | undefined {
  return URL.canParse(address) ? new URL(address).host.toLowerCase() : undefined;
}

export const email = (base: v.GenericSchema<string, string>, key: MessageKey) => v.pipe(base, v.email(message(key)));
