import { connect } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/**
 * Sends every `fetch` of this Node process to the sandbox, whatever the hostname, trusting only its certificate:
 * the unit tests' equivalent of Chromium's `--host-resolver-rules`. The tracker clients run unchanged.
 */
export function routeFetchToSandbox(port: number, ca: string): void {
  setGlobalDispatcher(
    new Agent({
      connect: (options, callback) => {
        const socket = connect({
          host: '127.0.0.1',
          port,
          servername: options.servername || (options.hostname === '127.0.0.1' ? undefined : options.hostname),
          ca,
          ALPNProtocols: ['http/1.1'],
        });
        socket.once('secureConnect', () => callback(null, socket));
        socket.once('error', (error) => callback(error, null));
      },
    }),
  );
}
