import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/server';
import { routeFetchToSandbox } from './sandbox-network';

/**
 * Starts a sandbox for this test file, routes `fetch` to it, and resets its data and fault switches before
 * each test. Use the returned getter inside tests.
 */
export function useSandbox(): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
    routeFetchToSandbox(sandbox.port, sandbox.certificate.cert);
  });
  beforeEach(() => sandbox?.reset());
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not running');
    return sandbox;
  };
}
