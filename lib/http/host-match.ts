/** A host pattern as in match patterns: `pyrus.com` is that host exactly, `*.worksection.com` any host under it. */
export function hostMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  return pattern.startsWith('*.')
    ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
    : host === pattern;
}

export function matchPatternsOf(hosts: readonly string[]): string[] {
  return hosts.map((host) => `https://${host}/*`);
}
