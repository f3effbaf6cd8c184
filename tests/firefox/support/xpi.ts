import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

/** The built extension folder packed as an add-on file (an XPI is a ZIP), byte for byte what the build wrote. */
export function packExtension(extensionDir: string, xpiPath: string): void {
  const entries: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else entries[relative(extensionDir, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(extensionDir);
  writeFileSync(xpiPath, zipSync(entries));
}
