/**
 * What the extension loads into every page of the trackers (the manifest's content scripts: the URL matcher and
 * the toolbar's launcher) stays at most 8 KiB gzipped; the toolbar itself loads only on task pages
 * (lib/content/toolbar-chunk.ts). `npm test` runs this on each build it just made: `tsx tests/content-script-size.ts
 * .output/chrome-mv3 .output/firefox-mv2`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const limit = 8 * 1024;

interface Manifest {
  content_scripts?: { js?: string[]; css?: string[] }[];
}

let over = false;
for (const build of process.argv.slice(2)) {
  const manifest = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as Manifest;
  const files = [
    ...new Set((manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])])),
  ];
  // As `gzip -9` compresses them (the same deflate, without gzip's file name in the header).
  const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(build, file)), { level: 9 }).length, 0);
  over ||= gzipped > limit || files.length === 0;
  console.log(`${build}: content scripts ${files.join(', ') || '(none)'}: ${gzipped} bytes gzipped (at most ${limit})`);
}
process.exit(over || process.argv.length < 3 ? 1 : 0);
