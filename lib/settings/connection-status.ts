import browser from 'webextension-polyfill';
import type { SerializedError } from '../errors';
import { trackerIds } from '../trackers/registry';

/** The outcome of the last connection test of the saved settings, so the popup opens without a network call. */
export type ConnectionStatus =
  | { ok: true; name: string; checkedAt: number }
  | { ok: false; error: SerializedError; checkedAt: number };

export const connectionStatusKey = (tracker: string): string => `connection.${tracker}`;

export async function loadConnectionStatuses(): Promise<Partial<Record<string, ConnectionStatus>>> {
  const stored = await browser.storage.local.get(null);
  const statuses: Partial<Record<string, ConnectionStatus>> = {};
  for (const tracker of trackerIds) {
    const value = stored[connectionStatusKey(tracker)];
    if (typeof value === 'object' && value !== null && 'ok' in value) statuses[tracker] = value as ConnectionStatus;
  }
  return statuses;
}

export async function recordConnectionStatus(tracker: string, status: ConnectionStatus | undefined): Promise<void> {
  if (status) await browser.storage.local.set({ [connectionStatusKey(tracker)]: status });
  else await browser.storage.local.remove(connectionStatusKey(tracker));
}
