// The sandbox's components besides the API server, started in dependency order. Each is a client of
// the Kubernetes API only.

import type { Logger } from 'pino';
import type { ApiServer } from '../apiserver/api-server.js';
import type { ApiClient } from '../client/api-client.js';

export interface SandboxConfig {
  dataDir: string;
  nodes: number;
  dnsPort: number;
  timeScale: number;
  imagePull: string;
  containerStart: string;
  /** Disable parts (tests of the API server alone). */
  disable?: string[];
}

export interface Component {
  name: string;
  stop(): Promise<void> | void;
  /** One-line summary for the ready banner (e.g. "DNS 127.0.0.1:10053"). */
  describe?(): string;
}

export async function startComponents(_client: ApiClient, _server: ApiServer, _cfg: SandboxConfig, _log: Logger): Promise<Component[]> {
  return [];
}
