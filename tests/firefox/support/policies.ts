import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { addonId, firefoxPath } from './launch';

/**
 * Firefox reads enterprise policies from `distribution/policies.json` beside its binary, at start, for every profile
 * on the machine: a test that needs one writes it before launching and puts back what was there after.
 */
export function installEnterprisePolicy(extensionSettings: Record<string, Record<string, string>>): () => void {
  const file = join(dirname(realpathSync(firefoxPath)), 'distribution', 'policies.json');
  const before = existsSync(file) ? readFileSync(file) : undefined;
  mkdirSync(dirname(file), { recursive: true });
  const policies = { policies: { '3rdparty': { Extensions: { [addonId]: extensionSettings } } } };
  writeFileSync(`${file}.tmp`, JSON.stringify(policies));
  renameSync(`${file}.tmp`, file);
  return () => {
    if (before) writeFileSync(file, before);
    else rmSync(file, { force: true });
  };
}
