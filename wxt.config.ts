import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { localeFiles } from './lib/i18n/locale-files';
import { hostPermissions } from './lib/trackers/hosts';

export default defineConfig({
  imports: false,
  webExt: { disabled: true },
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, prerender: { enabled: false } })],
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'downloads', 'offscreen', 'contextMenus', 'notifications', 'alarms'],
    host_permissions: hostPermissions,
    browser_specific_settings: { gecko: { id: 'trackerdrop@trackerdrop.dev', strict_min_version: '115.0' } },
  },
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push(...localeFiles());
    },
  },
});
