/**
 * Fault switches a test sets per route. The first matching switch with uses left fires, then counts down.
 * - `status`: answer with this status (and the tracker's own error body shape) instead of handling the request;
 * - `cut: 'request'`: drop the connection after `afterBytes` of the request body arrived, before handling;
 * - `cut: 'response'`: handle the request fully, then drop the connection instead of answering (the ambiguous case);
 *   on a reused connection Chromium then re-sends the request by itself, as if the server had closed an idle socket;
 * - `cut: 'response-head'`: the same, but the first line of the answer gets out, so the browser cannot re-send;
 * - `cut: 'response-body'`: send headers and `afterBytes` of the body, then drop the connection;
 * - `bytesPerSecond`: handle normally, but send the response body slowly;
 * - `holdMs`: take the whole request body, then wait this long before handling it: a slow tracker, so a client
 *   that goes away meanwhile (a closed browser) never hears that the request was handled after all.
 */
export interface FaultSpec {
  /** Matched against the request host; a plain string matches exactly, `*.x.com` a subdomain. Any when absent. */
  host?: string;
  method?: string;
  /** A regular expression matched against path + query. */
  path: string;
  /** A regular expression matched against the first KiB of the request body (PlanFix puts the method there). */
  bodyMatch?: string;
  status?: number;
  retryAfter?: number;
  /** Overrides the error body; with `contentType`. */
  body?: string;
  contentType?: string;
  cut?: 'request' | 'response' | 'response-head' | 'response-body';
  afterBytes?: number;
  bytesPerSecond?: number;
  holdMs?: number;
  /** How many matching requests it affects; default 1. */
  times?: number;
  /** How many matching requests it lets through untouched before it fires; default 0. */
  after?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  /** Matching requests still to let through before it fires. */
  toPass: number;
}

function hostMatches(pattern: string | undefined, host: string): boolean {
  if (!pattern) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

export class FaultSwitches {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.faults.push({ ...spec, id, remaining: spec.times ?? 1, toPass: spec.after ?? 0 });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  list(): readonly ActiveFault[] {
    return this.faults;
  }

  private candidates(host: string, method: string, pathAndQuery: string): ActiveFault[] {
    return this.faults.filter(
      (candidate) =>
        candidate.remaining > 0 &&
        hostMatches(candidate.host, host) &&
        (!candidate.method || candidate.method.toUpperCase() === method) &&
        new RegExp(candidate.path).test(pathAndQuery),
    );
  }

  /** Whether deciding needs a look at the start of the body. */
  needsBody(host: string, method: string, pathAndQuery: string): boolean {
    return this.candidates(host, method, pathAndQuery).some((candidate) => candidate.bodyMatch !== undefined);
  }

  /** The fault that fires for this request, if any (and counts it as used). */
  take(host: string, method: string, pathAndQuery: string, bodyStart = ''): ActiveFault | undefined {
    for (const candidate of this.candidates(host, method, pathAndQuery)) {
      if (candidate.bodyMatch !== undefined && !new RegExp(candidate.bodyMatch).test(bodyStart)) continue;
      if (candidate.toPass > 0) {
        candidate.toPass--;
        continue;
      }
      candidate.remaining--;
      return candidate;
    }
    return undefined;
  }
}
