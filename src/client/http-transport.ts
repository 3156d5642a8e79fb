// Transport over HTTP(S) from a kubeconfig, using @kubernetes/client-node's KubeConfig for the
// parsing and credentials (tokens, client certificates, CA), so the same controllers run against a
// real cluster.

import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export class HttpTransport implements Transport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly extraHeaders: Record<string, string>;

  private constructor(server: string, httpsOpts: https.AgentOptions, headers: Record<string, string>) {
    this.base = new URL(server);
    const agentOpts = { ...httpsOpts, keepAlive: true, maxSockets: 64 };
    this.agent = this.base.protocol === 'https:' ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.extraHeaders = headers;
  }

  static async fromKubeConfig(kc: KubeConfig): Promise<HttpTransport> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    const opts: https.RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = String(v);
    const { ca, cert, key, rejectUnauthorized } = opts as https.AgentOptions;
    return new HttpTransport(cluster.server, { ca, cert, key, rejectUnauthorized }, headers);
  }

  static async fromFile(path: string): Promise<HttpTransport> {
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    return HttpTransport.fromKubeConfig(kc);
  }

  private open(req: TransportRequest): http.ClientRequest {
    const url = new URL(req.path, this.base);
    if (req.query) url.search = req.query.toString();
    const mod = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { accept: 'application/json', ...this.extraHeaders, ...(req.headers ?? {}) };
    // Frame bodies with a length: a chunked DELETE body is not accepted by every server.
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    return mod.request(url, { method: req.method, agent: this.agent, headers });
  }

  request(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const r = this.open(req);
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(req.body);
    });
  }

  stream(req: TransportRequest, onLine: (line: string) => void, onEnd: (err?: Error) => void): () => void {
    let ended = false;
    const end = (err?: Error): void => {
      if (ended) return;
      ended = true;
      onEnd(err);
    };
    const r = this.open(req);
    r.on('response', (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (line && !ended) onLine(line);
        }
      });
      res.on('end', () => {
        if (buf.trim() && !ended) onLine(buf.trim());
        end();
      });
      res.on('error', (e) => end(e));
      res.on('close', () => end());
    });
    r.on('error', (e) => end(e));
    r.end(req.body);
    return () => {
      r.destroy();
      end();
    };
  }
}
