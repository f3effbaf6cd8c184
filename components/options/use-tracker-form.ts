import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';
import {
  checkSettings,
  type FieldProblem,
  missingSecrets,
  sameAddresses,
  withoutSecrets,
  withSavedSecrets,
} from '../../lib/settings/check';
import { loadConnectionStatuses, recordConnectionStatus } from '../../lib/settings/connection-status';
import { type GrantedOrigins, watchGrantedOrigins } from '../../lib/settings/granted-origins';
import { releasingUnusedHosts } from '../../lib/settings/host-access';
import {
  clearTrackerSettings,
  customOrigins,
  hostsOf,
  loadManagedSettings,
  loadSavedSettings,
  saveTrackerSettings,
  ungrantedOrigins,
  withManaged,
} from '../../lib/settings/store';
import { rememberTestedOrigins } from '../../lib/settings/tested-hosts';
import type { Settings, Tracker } from '../../lib/trackers/definition';
import { connectionFailureText } from '../connection-text';

export type FieldValues = Record<string, string>;

export interface FormStatus {
  tone: '' | 'ok' | 'error' | 'info';
  text: string;
}

export interface TrackerForm {
  tracker: Tracker;
  values: FieldValues;
  /** Secret fields with a saved value that still applies (shown as a placeholder, never as text). */
  savedSecrets: string[];
  /** Fields an administrator's policy sets. */
  locked: string[];
  problems: FieldProblem[];
  status: FormStatus;
  change(name: string, value: string): void;
  save(): Promise<void>;
  test(): Promise<void>;
  clear(): Promise<void>;
}

/** The entered values as settings, with what people paste (a PlanFix address) reduced to what is stored. */
function entered(tracker: Tracker, values: FieldValues): FieldValues {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => {
      const field = tracker.fields.find((candidate) => candidate.name === name);
      return [name, field?.read ? field.read(value) : value];
    }),
  );
}

interface Prepared {
  settings: Settings;
  /** The custom servers' origins the browser granted for this click that it had not granted before. */
  newlyGranted: string[];
}

/** State and actions of one tracker's settings form. */
export function useTrackerForm(tracker: Tracker): TrackerForm {
  const [values, setValues] = useState<FieldValues>({ ...tracker.initial });
  const [saved, setSaved] = useState<Settings | undefined>(undefined);
  const [preset, setPreset] = useState<Settings | undefined>(undefined);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [status, setStatus] = useState<FormStatus>({ tone: '', text: '' });
  /** Fields the user set (or that were saved): what other fields suggest no longer changes them. */
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const granted = useRef<GrantedOrigins | undefined>(undefined);

  useEffect(() => {
    const watch = watchGrantedOrigins();
    granted.current = watch;
    return () => watch.stop();
  }, []);

  useEffect(() => {
    void (async () => {
      const [stored, managed, statuses] = await Promise.all([
        loadSavedSettings(tracker),
        loadManagedSettings(),
        loadConnectionStatuses(),
      ]);
      setSaved(stored);
      setPreset(managed[tracker.id]);
      const effective = withManaged(tracker, stored, managed[tracker.id]);
      if (effective) {
        setValues({ ...withoutSecrets(tracker, { ...tracker.initial, ...effective }) });
        setChosen(new Set(Object.keys(effective)));
      }
      const last = statuses[tracker.id];
      // Saved without the browser's leave to reach its server (imported, or the access was taken back since).
      const ungranted = effective ? await ungrantedOrigins(tracker, effective) : [];
      if (ungranted.length > 0) setStatus({ tone: 'error', text: t('optionsAccessNeeded', hostsOf(ungranted)) });
      else if (last?.ok) setStatus({ tone: 'ok', text: t('optionsConnectedAs', last.name) });
      else if (last) setStatus({ tone: 'error', text: connectionFailureText(tracker, last.error) });
    })();
  }, [tracker]);

  const locked = Object.keys(preset ?? {});
  /** The settings in effect: an administrator's policy wins over what was saved, as for the clients. */
  const inEffect = withManaged(tracker, saved, preset);
  /** The saved secrets still go with what is on the form: not once a server address was changed. */
  const secretsKept = inEffect !== undefined && sameAddresses(tracker, values, inEffect);

  const change = (name: string, value: string): void => {
    const suggested = tracker.fields.find((field) => field.name === name)?.suggests?.(value) ?? {};
    const next = { ...values, [name]: value };
    for (const [field, suggestion] of Object.entries(suggested)) if (!chosen.has(field)) next[field] = suggestion;
    setValues(next);
    setChosen(new Set([...chosen, name]));
    setProblems(problems.filter((problem) => problem.field !== name));
    if (inEffect && tracker.secretFields.some((field) => inEffect[field]) && !sameAddresses(tracker, next, inEffect)) {
      setStatus({ tone: 'info', text: t('optionsAddressChanged') });
    }
  };

  /** Checks the form; asks for a custom host's permission (this must be the first await of a click). */
  const prepare = async (): Promise<Prepared | undefined> => {
    const checked = checkSettings(tracker, entered(tracker, values));
    const missing = missingSecrets(tracker, withSavedSecrets(tracker, values, inEffect));
    const found = [...(checked.ok ? [] : checked.problems), ...missing];
    setProblems(found);
    if (!checked.ok || found.length > 0) {
      setStatus({ tone: '', text: '' });
      return undefined;
    }
    const origins = customOrigins(tracker, checked.settings);
    // Not known yet (the page just opened) counts as granted before: such an origin is never given back for it.
    const newlyGranted = origins.filter((origin) => granted.current?.covers(origin) === false);
    if (origins.length > 0 && !(await browser.permissions.request({ origins }))) {
      setStatus({ tone: 'error', text: t('optionsPermissionRefused', hostsOf(origins)) });
      return undefined;
    }
    return { settings: checked.settings, newlyGranted };
  };

  const runTest = async (settings: Settings, prefix = ''): Promise<void> => {
    setStatus({ tone: 'info', text: `${prefix}${t('optionsTesting')}` });
    const result = await send('testConnection', { tracker: tracker.id, settings });
    setStatus(
      result.ok
        ? { tone: 'ok', text: `${prefix}${t('optionsConnectedAs', result.value.name)}` }
        : { tone: 'error', text: `${prefix}${connectionFailureText(tracker, result.error)}` },
    );
  };

  const save = async (): Promise<void> => {
    const settings = (await prepare())?.settings;
    if (!settings) return;
    const savedNow = await loadSavedSettings(tracker);
    // Whether the address changed is asked of the settings in effect (a policy may set the server); the secrets kept
    // are the user's own, never a policy's.
    const ownSecrets =
      savedNow && Object.fromEntries(tracker.secretFields.map((field) => [field, savedNow[field] ?? '']));
    const keptFrom = savedNow && { ...withManaged(tracker, savedNow, preset), ...ownSecrets };
    const complete = withSavedSecrets(tracker, settings, keptFrom);
    await releasingUnusedHosts(() => saveTrackerSettings(tracker, complete));
    await recordConnectionStatus(tracker.id, undefined);
    setSaved(complete);
    const shown = withoutSecrets(tracker, complete);
    setValues({ ...shown });
    await runTest(shown, `${t('optionsSaved')} `);
  };

  const test = async (): Promise<void> => {
    const prepared = await prepare();
    if (!prepared) return;
    // Kept until settings that use them are saved; given back at the next change of settings or browser start.
    await rememberTestedOrigins(prepared.newlyGranted);
    await runTest(prepared.settings);
  };

  const clear = async (): Promise<void> => {
    await releasingUnusedHosts(() => clearTrackerSettings(tracker));
    await recordConnectionStatus(tracker.id, undefined);
    setSaved(undefined);
    // What a policy sets stays: only the user's own settings are cleared.
    setValues(withoutSecrets(tracker, withManaged(tracker, undefined, preset) ?? tracker.initial));
    setProblems([]);
    setChosen(new Set(locked));
    setStatus({ tone: 'info', text: t('optionsCleared', tracker.label) });
  };

  const savedSecrets = secretsKept ? tracker.secretFields.filter((field) => Boolean(inEffect?.[field])) : [];
  return { tracker, values, savedSecrets, locked, problems, status, change, save, test, clear };
}
