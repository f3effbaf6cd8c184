import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { toolbarChunk } from './lib/content/toolbar-chunk';
import { localeFiles } from './lib/i18n/locale-files';
import { manifestCommands } from './lib/messages/toolbar-command';
import { managedSchema, managedSchemaFile } from './lib/settings/managed-schema';
import { hostPermissions, trackerPageMatches } from './lib/trackers/hosts';

export default defineConfig({
  imports: false,
  webExt: { disabled: true },
  // AMO rebuilds the Firefox package from this: what `npm ci && npm run build:firefox` needs, no test output.
  zip: { excludeSources: ['test-results/**', 'playwright-report/**', '.cache/**', 'docs/store/screenshots/**'] },
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, prerender: { enabled: false } })],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Only what the shipped features use; each feature adds its own permission when it lands.
    permissions: [
      'storage',
      'downloads',
      'alarms',
      'notifications',
      // "Attach to task": the menu, and the clicked tab's own session for what it shows (granted per click).
      'contextMenus',
      'activeTab',
      'scripting',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    host_permissions: hostPermissions,
    // hash-wasm computes MD5 (Pyrus upload checks, Worksection signing) in WebAssembly, which MV3 blocks by default.
    content_security_policy:
      browser === 'firefox'
        ? "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"
        : { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
    // Keyboard shortcuts for the toolbar of the task in the active tab (lib/messages/toolbar-command.ts).
    commands: manifestCommands(),
    // A custom tracker host (on-premise Pyrus, another PlanFix server) is asked for when the user saves it. MV2
    // (Firefox) has no key of its own for it: hosts are optional permissions there, and WXT drops the MV3 key.
    optional_host_permissions: ['https://*/*'],
    ...(manifestVersion === 2 ? { optional_permissions: ['https://*/*'] } : {}),
    // The hidden frame that carries dropped files from a tracker page to the worker (see lib/bridge/forward.ts), and
    // the toolbar's module, which the content script imports (lib/content/toolbar-chunk.ts).
    web_accessible_resources: [{ resources: ['bridge.html', toolbarChunk.file], matches: trackerPageMatches }],
    // An administrator can preset tracker accounts by policy (Chrome; Firefox reads a managed manifest instead).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: managedSchemaFile } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'trackerdrop@trackerdrop.dev',
              strict_min_version: '140.0',
              // What leaves the browser, and only to the tracker the user connected: its credentials, and the files
              // and page resources the user sends there (README: "Where your keys go").
              data_collection_permissions: { required: ['authenticationInfo', 'websiteContent'] },
            },
            // The first Firefox for Android that reads data_collection_permissions.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    // WXT builds unlisted scripts as classic scripts (IIFE); the toolbar's is imported as an ES module.
    'vite:build:extendConfig': (entrypoints, config) => {
      const toolbar = entrypoints.some((entrypoint) => entrypoint.name === toolbarChunk.entrypoint);
      if (toolbar && config.build?.lib) config.build.lib.formats = ['es'];
    },
    'build:publicAssets': (_wxt, files) => {
      files.push(...localeFiles(), {
        relativeDest: managedSchemaFile,
        contents: JSON.stringify(managedSchema(), null, 2),
      });
    },
  },
});
