import type { TrackerSettingsMap } from '../settings-types';
import { trackerApiMatches } from '../trackers/hosts';
import type { TrackerId } from '../trackers/types';

function coveredByManifest(hostname: string): boolean {
  return trackerApiMatches.some((pattern) => {
    const host = new URL(pattern.replace('*.', 'wildcard.').replace(/\/\*$/, '/')).hostname;
    return host.startsWith('wildcard.') ? hostname.endsWith(host.slice('wildcard'.length)) : hostname === host;
  });
}

/**
 * The origins these settings reach that the manifest does not grant: an on-premise Pyrus, another PlanFix API
 * server. They are asked for when the user saves or tests, never up front.
 */
export function customOrigins<K extends TrackerId>(tracker: K, settings: TrackerSettingsMap[K]): string[] {
  const values = settings as unknown as Record<string, string>;
  const address = tracker === 'pyrus' ? values.server : tracker === 'planfix' ? values.apiServer : undefined;
  if (!address || !URL.canParse(address)) return [];
  const { hostname } = new URL(address);
  return coveredByManifest(hostname) ? [] : [`https://${hostname}/*`];
}
