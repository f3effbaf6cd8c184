import browser from 'webextension-polyfill';
import { trackers } from '../trackers/registry';
import { customOrigins, loadManagedSettings, loadSavedSettings, withManaged } from './store';
import { forgetTestedOrigins, loadTestedOrigins } from './tested-hosts';

/** The custom servers' origins the settings in effect use, over all trackers (a policy's server counts). */
async function originsInUse(): Promise<Set<string>> {
  const managed = await loadManagedSettings();
  const inUse = new Set<string>();
  for (const tracker of trackers) {
    const effective = withManaged(tracker, await loadSavedSettings(tracker), managed[tracker.id]);
    for (const origin of effective ? customOrigins(tracker, effective) : []) inUse.add(origin);
  }
  return inUse;
}

/**
 * Makes a change to the saved settings and gives back the access to the custom servers it left unused (a server
 * changed, a tracker cleared), and to those granted only for a connection test that the settings now do not use:
 * nothing the user granted otherwise. A tested server the settings now use is kept, as any other in use.
 */
export async function releasingUnusedHosts(change: () => Promise<void>): Promise<void> {
  const before = await originsInUse();
  await change();
  await giveBackUnused(before);
}

/**
 * At each start of the browser, gives back the servers granted for a connection test that the settings in effect do
 * not use (a test whose server was never saved). Not at each start of the worker: the test's own message may be
 * what started it, with the server not saved yet.
 */
export function releaseTestedHostsOnStartup(): void {
  browser.runtime.onStartup.addListener(() =>
    giveBackUnused(new Set()).catch((error: unknown) =>
      console.error('TrackerDrop: giving back the hosts granted for a test failed', error),
    ),
  );
}

async function giveBackUnused(usedBefore: ReadonlySet<string>): Promise<void> {
  const [after, tested] = await Promise.all([originsInUse(), loadTestedOrigins()]);
  const unused = [...new Set([...usedBefore, ...tested])].filter((origin) => !after.has(origin));
  if (unused.length > 0) {
    try {
      await browser.permissions.remove({ origins: unused });
    } catch (error) {
      // The change is saved; an access kept longer than needed is no reason to report it failed. A tested server
      // stays recorded, to be given back next time.
      console.warn('TrackerDrop: could not give back access to', unused, error);
      await forgetTestedOrigins(tested.filter((origin) => after.has(origin)));
      return;
    }
  }
  await forgetTestedOrigins(tested);
}
