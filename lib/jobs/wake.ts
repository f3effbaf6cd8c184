import browser from 'webextension-polyfill';

/**
 * A queue's alarm: it starts the worker again (Chrome stops it when idle) to move jobs that wait for a time, or that
 * a runner which went away left behind. Alarms outlive the worker and, in Chrome, a browser restart.
 */
export function wakeAlarm(name: string, onWake: () => void) {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) onWake();
  });
  return {
    /** Wake at a time (ms since epoch); Chrome rounds up to its 30 s minimum. */
    at: (when: number) => browser.alarms.create(name, { when: Math.max(when, Date.now() + 1000) }),
    /** Wake every minute while jobs are waiting. */
    everyMinute: () => browser.alarms.create(name, { periodInMinutes: 1 }),
    clear: () => browser.alarms.clear(name),
  };
}
