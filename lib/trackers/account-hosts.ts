import type { TrackerSettingsMap } from '../settings-types';
import { isTrackerApiHost } from './hosts';
import type { TrackerId } from './types';

function hostOf(address: string): string | undefined {
  return URL.canParse(address) ? new URL(address).host.toLowerCase() : undefined;
}

/** The page hosts of the account a tracker's settings connect: a task shown anywhere else is not this account's. */
const accountPageHostsOf: { [K in TrackerId]: (settings: TrackerSettingsMap[K]) => string[] } = {
  pyrus: (settings) => [(settings.server && hostOf(settings.server)) || 'pyrus.com'],
  // The organisation comes with the credentials (a header), not with the page: both domains show the same issues.
  'yandex-tracker': () => ['tracker.yandex.ru', 'tracker.yandex.com'],
  worksection: (settings) => [hostOf(settings.accountUrl) ?? ''].filter(Boolean),
  planfix: (settings) => ['ru', 'com'].map((zone) => `${settings.account.toLowerCase()}.planfix.${zone}`),
};

export function accountPageHosts<K extends TrackerId>(tracker: K, settings: TrackerSettingsMap[K]): string[] {
  return accountPageHostsOf[tracker](settings);
}

/** The address a tracker's settings send the credentials to, where the user chooses it. */
const chosenServer: { [K in TrackerId]: (settings: TrackerSettingsMap[K]) => string | undefined } = {
  pyrus: (settings) => settings.server || undefined,
  'yandex-tracker': () => undefined,
  worksection: (settings) => settings.accountUrl,
  planfix: (settings) => settings.apiServer,
};

/**
 * The origins these settings reach that are not the tracker's own API hosts: an on-premise Pyrus. They are asked
 * for when the user saves or tests, never up front, and nothing with a secret goes there until they are granted.
 */
export function customOrigins<K extends TrackerId>(tracker: K, settings: TrackerSettingsMap[K]): string[] {
  const address = chosenServer[tracker](settings);
  const hostname = address && URL.canParse(address) ? new URL(address).hostname : undefined;
  return !hostname || isTrackerApiHost(tracker, hostname) ? [] : [`https://${hostname}/*`];
}
