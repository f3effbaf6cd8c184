import { describe, expect, it } from 'vitest';
import { FaultSwitches } from '../sandbox/faults';

describe('the sandbox fault switches', () => {
  it('fire on the first matching request, as many times as asked', () => {
    const faults = new FaultSwitches();
    faults.add({ host: 'api.example.com', path: '^/files', status: 500, times: 2 });
    expect(faults.take('api.example.com', 'GET', '/other')).toBeUndefined();
    expect(faults.take('api.example.com', 'GET', '/files/1')?.status).toBe(500);
    expect(faults.take('api.example.com', 'GET', '/files/2')?.status).toBe(500);
    expect(faults.take('api.example.com', 'GET', '/files/3')).toBeUndefined();
  });

  it('let `after` matching requests through before firing; others do not count', () => {
    const faults = new FaultSwitches();
    faults.add({ path: '^/xml/', bodyMatch: 'file\\.upload', after: 1, holdMs: 100 });
    expect(faults.take('a.example.com', 'POST', '/xml/', 'method="task.get"')).toBeUndefined();
    expect(faults.take('a.example.com', 'POST', '/xml/', 'method="file.upload"')).toBeUndefined();
    expect(faults.take('a.example.com', 'POST', '/xml/', 'method="file.upload"')?.holdMs).toBe(100);
    expect(faults.list()[0]?.remaining).toBe(0);
  });

  it('pass a request a waiting switch lets through on to the next switch that matches', () => {
    const faults = new FaultSwitches();
    faults.add({ path: '^/files', after: 1, status: 503 });
    faults.add({ path: '^/files', status: 429 });
    expect(faults.take('h', 'GET', '/files')?.status).toBe(429);
    expect(faults.take('h', 'GET', '/files')?.status).toBe(503);
  });
});
