import * as v from 'valibot';
import { isRecord } from '../http/responses';
import type { Settings } from '../trackers/definition';
import { isTrackerId, type TrackerId, trackerOf, trackers } from '../trackers/registry';
import { checkSettings, withoutSecrets } from './check';
import { defaultPreferences, type Preferences, PreferencesSchema } from './preferences';

export const exportFormat = 'trackerdrop-settings';
/** The shape of the file; a later shape would read older ones. */
export const exportVersion = 1;

export interface SettingsSnapshot {
  trackers: Partial<Record<TrackerId, Settings>>;
  preferences?: Preferences;
}

export interface SettingsExport extends SettingsSnapshot {
  format: typeof exportFormat;
  version: number;
}

/** The settings as a file a person can keep or move to another browser; secrets only when asked for. */
export function exportSettings(snapshot: SettingsSnapshot, includeSecrets: boolean): SettingsExport {
  const exported: Partial<Record<TrackerId, Settings>> = {};
  for (const tracker of trackers) {
    const settings = snapshot.trackers[tracker.id];
    if (settings) exported[tracker.id] = includeSecrets ? settings : withoutSecrets(tracker, settings);
  }
  return { format: exportFormat, version: exportVersion, trackers: exported, preferences: snapshot.preferences };
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
 * mean "keep what is saved", as on the form (unless the file changes the server: see `withSavedSecrets`).
 */
export function parseSettingsExport(json: unknown): SettingsSnapshot | undefined {
  const envelope = v.safeParse(ExportEnvelopeSchema, json);
  if (!envelope.success) return undefined;
  const imported: Partial<Record<TrackerId, Settings>> = {};
  for (const [id, value] of Object.entries(envelope.output.trackers)) {
    if (!isTrackerId(id)) return undefined;
    const tracker = trackerOf(id);
    // A file written before a field existed gives that field its initial value, as saved settings do.
    const checked = checkSettings(tracker, isRecord(value) ? { ...tracker.initial, ...value } : value);
    if (!checked.ok) return undefined;
    imported[id] = checked.settings;
  }
  let preferences: Preferences | undefined;
  if (envelope.output.preferences !== undefined) {
    // A file written before a preference existed gives it its default; unknown keys and bad values still fail.
    const value = envelope.output.preferences;
    const parsed = v.safeParse(PreferencesSchema, isRecord(value) ? { ...defaultPreferences, ...value } : value);
    if (!parsed.success) return undefined;
    preferences = parsed.output;
  }
  return { trackers: imported, preferences };
}
