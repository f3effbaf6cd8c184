import * as v from 'valibot';
import { type Preferences, PreferencesSchema } from './preferences';
import { settingsVersion } from './settings';
import { checkSettings, withoutSecrets } from './settings-schema';
import type { TrackerSettingsMap } from './settings-types';
import { trackerIds } from './trackers/labels';
import type { TrackerId } from './trackers/types';

export const exportFormat = 'trackerdrop-settings';

export interface SettingsSnapshot {
  trackers: Partial<TrackerSettingsMap>;
  preferences?: Preferences;
}

export interface SettingsExport extends SettingsSnapshot {
  format: typeof exportFormat;
  version: number;
}

/** The settings as a file a person can keep or move to another browser; secrets only when asked for. */
export function exportSettings(snapshot: SettingsSnapshot, includeSecrets: boolean): SettingsExport {
  const trackers: Partial<TrackerSettingsMap> = {};
  for (const tracker of trackerIds) copyTracker(trackers, snapshot.trackers, tracker, includeSecrets);
  return { format: exportFormat, version: settingsVersion, trackers, preferences: snapshot.preferences };
}

function copyTracker<K extends TrackerId>(
  into: Partial<TrackerSettingsMap>,
  from: Partial<TrackerSettingsMap>,
  tracker: K,
  includeSecrets: boolean,
): void {
  const settings = from[tracker] as TrackerSettingsMap[K] | undefined;
  if (settings) into[tracker] = includeSecrets ? settings : withoutSecrets(tracker, settings);
}

const ExportEnvelopeSchema = v.object({
  format: v.literal(exportFormat),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  trackers: v.optional(v.record(v.string(), v.unknown()), {}),
  preferences: v.optional(v.unknown()),
});

/**
 * Reads an export back: every tracker's settings checked as the options page checks them. Anything that does not
 * fit makes the whole import fail, so a half-read file never overwrites good settings. Empty secrets in the file
 * mean "keep what is saved", as on the form.
 */
export function parseSettingsExport(json: unknown): SettingsSnapshot | undefined {
  const envelope = v.safeParse(ExportEnvelopeSchema, json);
  if (!envelope.success) return undefined;
  const trackers: Partial<Record<TrackerId, unknown>> = {};
  for (const [name, value] of Object.entries(envelope.output.trackers)) {
    const tracker = trackerIds.find((id) => id === name);
    if (!tracker) return undefined;
    const checked = checkSettings(tracker, value);
    if (!checked.ok) return undefined;
    trackers[tracker] = checked.settings;
  }
  let preferences: Preferences | undefined;
  if (envelope.output.preferences !== undefined) {
    const parsed = v.safeParse(PreferencesSchema, envelope.output.preferences);
    if (!parsed.success) return undefined;
    preferences = parsed.output;
  }
  return { trackers: trackers as Partial<TrackerSettingsMap>, preferences };
}
