import * as v from 'valibot';
import type { ErrorKind } from '../errors';
import type { MessageKey } from '../i18n/messages';
import { choice, secret, text } from './field-checks';
import type { TaskListTarget, TaskTarget } from './types';

/** A tracker's settings as stored and passed around: every field is a string, checked by the tracker's schema. */
export type Settings = Readonly<Record<string, string>>;

/** One setting a person enters: a control on the options page, a key of the managed policy, a stored value. */
export interface SettingsField<Name extends string = string> {
  name: Name;
  /** The field's label on the options page (README, "Connecting a tracker"), as an i18n key. */
  label: MessageKey;
  kind: 'text' | 'email' | 'url' | 'secret' | 'select';
  /** What an empty form starts with; nothing when left out. */
  initial?: string;
  /**
   * Checks and trims a value; its messages are i18n keys. Left out for a secret (any text, may be empty: the form
   * keeps the saved one) and for a select (one of its choices).
   */
  check?: v.GenericSchema<string, string>;
  /** An address the secrets are sent to: when it changes, the saved secrets stay behind. */
  address?: boolean;
  /** A select's options: a name shown as it is (`OAuth`), or words to translate. */
  choices?: readonly ({ value: string; text: string } | { value: string; label: MessageKey })[];
  /**
   * Shown, checked (by `check`; a secret: required) only while another field has this value (PlanFix's token, or
   * its login and password, by `Sign in with`). Hidden, it keeps any text, and the client does not use it.
   */
  shownWhen?: { field: string; equals: string };
  hint?: MessageKey;
  placeholder?: string;
  /** What people paste, reduced to what is stored (a PlanFix page address to its account name). */
  read?(input: string): string;
  /** Values of other fields that follow from this one until the user picks them (PlanFix's API server). */
  suggests?(input: string): Record<string, string>;
}

export type SettingsOf<Fields extends readonly SettingsField[]> = { [F in Fields[number] as F['name']]: string };

export interface PageExample {
  url: string;
  expected: Omit<TaskTarget, 'host'> | undefined;
}

export interface ListPageExample {
  url: string;
  expected: Omit<TaskListTarget, 'host'> | undefined;
}

/** Where a tracker's task pages are and how their URLs read. Never touches the network. */
export interface TrackerPage {
  /**
   * The hosts of the tracker's own task pages, as match-pattern hosts (`*.worksection.com`). A page anywhere else
   * is never taken for a task, whatever its path says; an on-premise host counts only once it is configured.
   */
  hosts: readonly string[];
  /** The path under those hosts where the tracker's app runs (a match-pattern path), when not the whole host. */
  appPath?: string;
  /** The task or project a page URL shows, or undefined when it shows none. */
  parse(url: URL): TaskTarget | undefined;
  /** Real URL shapes: task pages, SPA variants, and pages that are not tasks (`expected: undefined`). */
  examples: readonly PageExample[];
  /** A task's page from what people type for it (a Pyrus number), where the tracker has one address for all. */
  taskUrl?(typed: string): string | undefined;
  /** The list of tasks a page URL shows (a queue, a filter, a project, a form's register), or undefined. */
  parseList?(url: URL): TaskListTarget | undefined;
  /** Real URL shapes of list pages, and pages that list no tasks (`expected: undefined`). */
  listExamples?: readonly ListPageExample[];
}

export interface Capabilities {
  /** Uploaded files join the task in a comment, which can carry text. */
  attachesThroughComment: boolean;
  /** Project pages have files of their own. */
  projectFiles: boolean;
  /** The largest file the tracker takes, in bytes; checked before any byte is sent. */
  maxFileSize: number;
  /** The documented request rate, per account (requests a second). */
  requestsPerSecond?: number;
}

/** Everything about one tracker that is not its API client: what the registry holds. */
export interface TrackerDefinition<Id extends string, Fields extends readonly SettingsField[]> {
  id: Id;
  /** The product's name as the tracker writes it (not translated). */
  label: string;
  page: TrackerPage;
  /** Where its API lives: the only hosts the credentials go to without the user granting another. */
  apiHosts: readonly string[];
  fields: Fields;
  capabilities: Capabilities;
  /** Words for a failed connection test that only this tracker needs; `byCode` by the tracker's own code, whatever its kind. */
  connectionText: {
    rejected: MessageKey;
    byCode?: Readonly<Record<string, MessageKey>>;
    forbidden?: MessageKey;
    wrongServer?: MessageKey;
  };
  /** The tracker's own error codes and what each means: they say more than the HTTP status. */
  errorCodes: Readonly<Record<string, ErrorKind>>;
  /** The page hosts of the account some settings connect: a task shown anywhere else is not this account's. */
  accountPageHosts(settings: SettingsOf<Fields>): string[];
}

/** A registered tracker: its definition, and what follows from its fields. */
export interface Tracker<Id extends string = string>
  extends Omit<TrackerDefinition<Id, readonly SettingsField[]>, 'accountPageHosts'> {
  /** Checks (and trims) a whole settings object: exactly the fields, each valid. */
  schema: v.GenericSchema<unknown, Settings>;
  /** An empty form. */
  initial: Settings;
  secretFields: readonly string[];
  addressFields: readonly string[];
  /** Whether a field counts for these settings (see `shownWhen`): shown, checked, its secret required. */
  inUse(settings: Settings, name: string): boolean;
  accountPageHosts(settings: Settings): string[];
}

/**
 * Registers a tracker's definition: derives its settings schema, its empty form, its secret and address fields.
 * Settings reach `accountPageHosts` only after the schema checked them, so every field is there as a string.
 */
export function defineTracker<const Id extends string, const Fields extends readonly SettingsField[]>(
  definition: TrackerDefinition<Id, Fields>,
): Tracker<Id> {
  const { fields } = definition;
  const checkOf = (field: SettingsField) =>
    field.check ?? (field.choices ? choice(field.choices.map((option) => option.value)) : secret());
  const inUse = (settings: Settings, name: string): boolean => {
    const condition = fields.find((field) => field.name === name)?.shownWhen;
    if (!condition) return true;
    const initial = fields.find((field) => field.name === condition.field)?.initial ?? '';
    return (settings[condition.field] ?? initial) === condition.equals;
  };
  /** A field shown only sometimes is checked by its own check while shown; its issues name the field. */
  const checkShown = v.rawTransform<Settings, Settings>(({ dataset, addIssue, NEVER }) => {
    const checked: Record<string, string> = { ...dataset.value };
    let failed = false;
    for (const field of fields) {
      if (!field.shownWhen || !inUse(checked, field.name)) continue;
      const result = v.safeParse(checkOf(field), checked[field.name]);
      if (result.success) {
        checked[field.name] = result.output;
        continue;
      }
      failed = true;
      const key = field.name;
      for (const issue of result.issues) {
        addIssue({
          message: issue.message,
          path: [{ type: 'object', origin: 'value', input: dataset.value, key, value: checked[key] }],
        });
      }
    }
    return failed ? NEVER : checked;
  });
  const schema = v.pipe(
    v.strictObject(
      Object.fromEntries(fields.map((field) => [field.name, field.shownWhen ? text(2000) : checkOf(field)])),
    ),
    checkShown,
  );
  const typed = (settings: Settings): SettingsOf<Fields> => {
    const checked: Settings = v.parse(schema, settings);
    // The schema has exactly one string entry per field name: the mapped type says no more than that.
    return checked as SettingsOf<Fields>;
  };
  return {
    ...definition,
    schema,
    initial: Object.fromEntries(fields.map((field) => [field.name, field.initial ?? ''])),
    secretFields: fields.filter((field) => field.kind === 'secret').map((field) => field.name),
    addressFields: fields.filter((field) => field.address).map((field) => field.name),
    inUse,
    accountPageHosts: (settings) => definition.accountPageHosts(typed(settings)),
  };
}
