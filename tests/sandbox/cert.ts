import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
}

/** A fresh self-signed certificate for the given host names (wildcards allowed); nothing is ever committed. */
export function makeCertificate(hostnames: readonly string[]): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'trackerdrop-cert-'));
  try {
    const altNames = [...hostnames, 'localhost'].map((name) => `DNS:${name}`).join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '3',
        '-subj',
        '/CN=TrackerDrop sandbox',
        '-addext',
        `subjectAltName=${altNames},IP:127.0.0.1`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
