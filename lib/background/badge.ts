import browser from 'webextension-polyfill';
import { activeStates } from '../downloads/job';
import { jobsInState } from '../downloads/store';
import { activeUploadStates } from '../uploads/job';
import { uploadsInState } from '../uploads/store';

/** The toolbar icon shows how many transfers are still to finish; nothing when none. */
export async function updateBadge(): Promise<void> {
  let count = 0;
  for (const state of activeStates) count += (await jobsInState(state)).length;
  for (const state of activeUploadStates) count += (await uploadsInState(state)).length;
  // Firefox's MV2 build has `browserAction` where Chrome's MV3 has `action`.
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ text: count > 0 ? String(count) : '' });
}
