import { planfixApiServers } from '../settings-schema';

/**
 * People paste what they have: `acme`, `acme.planfix.com`, or a task address. The account is the first label of a
 * `planfix.ru`/`planfix.com` host; the API server that goes with it follows the domain.
 */
export function readPlanfixAccount(input: string): { account: string; defaultApiServer?: string } {
  const text = input.trim();
  const host = URL.canParse(text) ? new URL(text).hostname : (text.split('/')[0] ?? '');
  const match = /^([a-z0-9-]+)\.planfix\.(ru|com)$/i.exec(host);
  if (!match?.[1]) return { account: text };
  const server = match[2]?.toLowerCase() === 'com' ? planfixApiServers[2] : planfixApiServers[0];
  return { account: match[1].toLowerCase(), defaultApiServer: server };
}
