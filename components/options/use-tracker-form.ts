import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { loadConnectionStatuses, recordConnectionStatus } from '../../lib/connection-status';
import { t } from '../../lib/i18n/t';
import { toBackground } from '../../lib/messages';
import { connectionFailureText } from '../../lib/options/connection-text';
import { readPlanfixAccount } from '../../lib/options/planfix-account';
import {
  clearTrackerSettings,
  loadManagedSettings,
  loadSavedSettings,
  saveTrackerSettings,
  withManaged,
} from '../../lib/settings';
import {
  checkSettings,
  emptySettings,
  type FieldProblem,
  missingSecrets,
  sameHosts,
  secretFields,
  withoutSecrets,
  withSavedSecrets,
} from '../../lib/settings-schema';
import type { TrackerSettingsMap } from '../../lib/settings-types';
import { customOrigins } from '../../lib/trackers/account-hosts';
import { trackerLabels } from '../../lib/trackers/labels';
import type { TrackerId } from '../../lib/trackers/types';

export type FieldValues = Record<string, string>;

export interface FormStatus {
  tone: '' | 'ok' | 'error' | 'info';
  text: string;
}

export interface TrackerForm {
  tracker: TrackerId;
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

const asValues = (settings: object): FieldValues => ({ ...(settings as FieldValues) });
const secretsOf = (tracker: TrackerId): readonly string[] => secretFields[tracker];

/** The entered values as settings, with what people paste (a PlanFix address) reduced to what is stored. */
function entered(tracker: TrackerId, values: FieldValues): FieldValues {
  if (tracker !== 'planfix') return values;
  return { ...values, account: readPlanfixAccount(values.account ?? '').account };
}

/** State and actions of one tracker's settings form. */
export function useTrackerForm(tracker: TrackerId): TrackerForm {
  const [values, setValues] = useState<FieldValues>(asValues(emptySettings[tracker]));
  const [saved, setSaved] = useState<TrackerSettingsMap[typeof tracker] | undefined>(undefined);
  const [savedSecrets, setSavedSecrets] = useState<string[]>([]);
  const [locked, setLocked] = useState<string[]>([]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [status, setStatus] = useState<FormStatus>({ tone: '', text: '' });
  const [serverChosen, setServerChosen] = useState(false);

  useEffect(() => {
    void (async () => {
      const [stored, managed, statuses] = await Promise.all([
        loadSavedSettings(tracker),
        loadManagedSettings(),
        loadConnectionStatuses(),
      ]);
      const preset = managed[tracker] as Partial<TrackerSettingsMap[typeof tracker]> | undefined;
      setSaved(stored);
      const effective = withManaged(tracker, stored, preset);
      if (effective) {
        setValues(asValues(withoutSecrets(tracker, { ...emptySettings[tracker], ...effective })));
        setSavedSecrets(secretsOf(tracker).filter((field) => Boolean((effective as unknown as FieldValues)[field])));
        setServerChosen(true);
      }
      setLocked(Object.keys(preset ?? {}));
      const last = statuses[tracker];
      if (last?.ok) setStatus({ tone: 'ok', text: t('optionsConnectedAs', last.name) });
      else if (last) setStatus({ tone: 'error', text: connectionFailureText(tracker, last.error) });
    })();
  }, [tracker]);

  const typed = (settings: FieldValues) => settings as unknown as TrackerSettingsMap[typeof tracker];
  /** The saved secrets still go with what is on the form: not once a server address was changed. */
  const secretsKept = !saved || sameHosts(tracker, typed(values), saved);

  const change = (name: string, value: string): void => {
    const next = { ...values, [name]: value };
    if (tracker === 'planfix' && name === 'apiServer') setServerChosen(true);
    if (tracker === 'planfix' && name === 'account' && !serverChosen) {
      const server = readPlanfixAccount(value).defaultApiServer;
      if (server) next.apiServer = server;
    }
    setValues(next);
    setProblems(problems.filter((problem) => problem.field !== name));
    if (saved && savedSecrets.length > 0 && !sameHosts(tracker, typed(next), saved)) {
      setStatus({ tone: 'info', text: t('optionsAddressChanged') });
    }
  };

  /** Checks the form; asks for a custom host's permission (this must be the first await of a click). */
  const prepare = async (): Promise<FieldValues | undefined> => {
    const checked = checkSettings(tracker, entered(tracker, values));
    const missing = missingSecrets(tracker, withSavedSecrets(tracker, typed(values), saved));
    const found = [...(checked.ok ? [] : checked.problems), ...missing];
    setProblems(found);
    if (!checked.ok || found.length > 0) {
      setStatus({ tone: '', text: '' });
      return undefined;
    }
    const origins = customOrigins(tracker, checked.settings);
    if (origins.length > 0 && !(await browser.permissions.request({ origins }))) {
      setStatus({ tone: 'error', text: t('optionsPermissionRefused', origins.join(', ')) });
      return undefined;
    }
    return asValues(checked.settings);
  };

  const runTest = async (settings: FieldValues, prefix = ''): Promise<void> => {
    setStatus({ tone: 'info', text: `${prefix}${t('optionsTesting')}` });
    const result = await toBackground.sendMessage('testConnection', {
      tracker,
      settings: settings as unknown as TrackerSettingsMap[typeof tracker],
    } as Parameters<typeof toBackground.sendMessage<'testConnection'>>[1]);
    setStatus(
      result.ok
        ? { tone: 'ok', text: `${prefix}${t('optionsConnectedAs', result.value.name)}` }
        : { tone: 'error', text: `${prefix}${connectionFailureText(tracker, result.error)}` },
    );
  };

  const save = async (): Promise<void> => {
    const settings = await prepare();
    if (!settings) return;
    const complete = withSavedSecrets(tracker, typed(settings), await loadSavedSettings(tracker));
    await saveTrackerSettings(tracker, complete);
    setSaved(complete);
    await recordConnectionStatus(tracker, undefined);
    setSavedSecrets(secretsOf(tracker).filter((field) => Boolean((complete as unknown as FieldValues)[field])));
    const shown = asValues(withoutSecrets(tracker, complete));
    setValues(shown);
    await runTest(shown, `${t('optionsSaved')} `);
  };

  const test = async (): Promise<void> => {
    const settings = await prepare();
    if (settings) await runTest(settings);
  };

  const clear = async (): Promise<void> => {
    await clearTrackerSettings(tracker);
    await recordConnectionStatus(tracker, undefined);
    setSaved(undefined);
    setValues(asValues(emptySettings[tracker]));
    setSavedSecrets([]);
    setProblems([]);
    setServerChosen(false);
    setStatus({ tone: 'info', text: t('optionsCleared', trackerLabels[tracker]) });
  };

  return {
    tracker,
    values,
    savedSecrets: secretsKept ? savedSecrets : [],
    locked,
    problems,
    status,
    change,
    save,
    test,
    clear,
  };
}
