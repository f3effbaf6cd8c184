export interface LoggedRequest {
  seq: number;
  time: number;
  host: string;
  method: string;
  /** Path and query as received. */
  path: string;
  headers: Record<string, string>;
  /** Request body bytes that arrived. */
  bodySize: number;
  /** Body bytes a `holdMs` fault took in before the handler read them (`bodySize` counts what the handler read). */
  receivedSize?: number;
  /** When a `holdMs` fault had taken in the whole body (Date.now()). */
  receivedTime?: number;
  status?: number;
  /** When the answer was sent in full (Date.now()). */
  endTime?: number;
  /** The connection was dropped (by a fault or by the client) before the answer completed. */
  aborted?: boolean;
  tracker?: string;
}

/** Every request that reached the sandbox, so tests can assert what was sent where. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  start(entry: Omit<LoggedRequest, 'seq' | 'time' | 'bodySize'>): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: ++this.seq, time: Date.now(), bodySize: 0 };
    this.entries.push(logged);
    if (this.entries.length > 20_000) this.entries.splice(0, 10_000);
    return logged;
  }

  since(seq = 0): LoggedRequest[] {
    return this.entries.filter((entry) => entry.seq > seq);
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}
