/**
 * Hosts of the four trackers' public (cloud) services. Task pages live on the page hosts; API calls go to the API
 * hosts. A custom host (on-premise Pyrus, another PlanFix server) is asked for at the moment the user saves it.
 */
export const trackerPageMatches = [
  'https://pyrus.com/*',
  'https://tracker.yandex.ru/*',
  'https://tracker.yandex.com/*',
  'https://*.worksection.com/*',
  'https://*.planfix.ru/*',
  'https://*.planfix.com/*',
];

export const trackerApiMatches = [
  'https://accounts.pyrus.com/*',
  'https://api.pyrus.com/*',
  'https://files.pyrus.com/*',
  'https://api.tracker.yandex.net/*',
  // Yandex Tracker attachment downloads redirect to Yandex's storage hosts.
  'https://*.mds.yandex.net/*',
  'https://apiru.planfix.ru/*',
  'https://api.planfix.ru/*',
  'https://api.planfix.com/*',
  'https://api-sg.planfix.com/*',
  'https://api-us.planfix.com/*',
];

export const hostPermissions = [...trackerPageMatches, ...trackerApiMatches];

/** Every hostname a test run maps onto the local sandbox. */
export const sandboxHostnames = [
  'pyrus.com',
  'accounts.pyrus.com',
  'api.pyrus.com',
  'files.pyrus.com',
  'pyrus.onprem.example',
  'tracker.yandex.ru',
  'tracker.yandex.com',
  'api.tracker.yandex.net',
  'storage.mds.yandex.net',
  '*.worksection.com',
  '*.planfix.ru',
  '*.planfix.com',
  'apiru.planfix.ru',
  'api.planfix.com',
  'files.example.org',
];
