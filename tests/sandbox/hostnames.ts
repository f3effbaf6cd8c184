/**
 * Every hostname a test run maps onto the local sandbox: the trackers' real hosts, an on-premise Pyrus, a
 * third-party site, and look-alike hosts of an attacker's (`pyrus.com.evil.test`, `api.evil.test`).
 */
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
  'pyrus.com.evil.test',
  'api.evil.test',
];
