import browser from 'webextension-polyfill';
import { countActiveJobs } from '../jobs/store';

const coalesceMs = 200;
let pending: ReturnType<typeof setTimeout> | undefined;

/** The toolbar icon shows how many transfers are still to finish; nothing when none. */
async function updateBadge(): Promise<void> {
  const count = await countActiveJobs();
  // Firefox's MV2 build has `browserAction` where Chrome's MV3 has `action`.
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ text: count > 0 ? String(count) : '' });
}

/** For callers that fire on every queue event: one count per burst of events instead of one per event. */
export function scheduleBadgeUpdate(): void {
  if (pending) return;
  pending = setTimeout(() => {
    pending = undefined;
    void updateBadge();
  }, coalesceMs);
}
