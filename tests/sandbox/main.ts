/** `npm run sandbox`: the four trackers' emulators on one local HTTPS port, with what to type to use them. */
import { extensionDir } from '../support/chromium';
import { startSandbox } from './server';

const sandbox = await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 8443) });
console.log(
  `TrackerDrop sandbox on https://127.0.0.1:${sandbox.port} (certificate made at start, not trusted by anything)`,
);
console.log('\nStart Chromium with the production hostnames mapped here:');
console.log(
  `  chromium --ignore-certificate-errors --load-extension=${extensionDir} '--host-resolver-rules=${sandbox.hostResolverRules()}'`,
);
for (const emulator of Object.values(sandbox.emulators)) {
  console.log(`\n${emulator.tracker}`);
  for (const [field, value] of Object.entries(emulator.credentials())) console.log(`  ${field}: ${value}`);
  for (const page of emulator.samplePages()) console.log(`  page: ${page.url}  (${page.title})`);
}
console.log(
  '\nControl API: GET /__sandbox/info, /__sandbox/log; POST /__sandbox/faults, /__sandbox/reset, /__sandbox/files',
);
console.log('Ctrl+C stops it.');
process.on('SIGINT', () => {
  void sandbox.close().then(() => process.exit(0));
});
