// The worker side of isolated-component.ts: builds a client on the API channel it was given,
// starts its one component with the starter the sandbox would use in-process (isolated-starters.ts;
// with no ApiServer at hand, as in operator mode), and stops it when told to.

import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { PortTransport } from '../client/port-transport.js';
import { RestClient } from '../client/rest-client.js';
import type { Component } from './components.js';
import { ISOLATED_STARTERS } from './isolated-starters.js';
import type { FromComponentWorker, IsolatedComponentData } from './isolated-component.js';

const data = workerData as IsolatedComponentData;
const port = parentPort!;
const send = (m: FromComponentWorker): void => port.postMessage(m);

// pino writes each record as one JSON line; the parent re-emits it through its own logger.
const log = pino({ level: data.logLevel }, { write: (line: string) => send({ log: line }) });

let component: Component | undefined;
port.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  void (async () => {
    await component?.stop();
    send({ stopped: true });
  })();
});

try {
  const client = new RestClient(new PortTransport(data.api));
  const start = await ISOLATED_STARTERS[data.name]();
  component = await start(client, undefined, data.config, log);
  send({ started: true });
} catch (e) {
  send({ failed: (e as Error).stack ?? String(e) });
}
