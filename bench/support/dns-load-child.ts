// The DNS load generator in its own process (so it does not share an event loop with the server):
// `node --import tsx bench/support/dns-load-child.ts '<DnsLoadOptions as JSON>'` prints the
// DnsLoadResult as JSON on stdout.

import { runDnsLoad, type DnsLoadOptions } from '../../src/network/dns/load.js';

const opts = JSON.parse(process.argv[2]) as DnsLoadOptions;
process.stdout.write(`${JSON.stringify(await runDnsLoad(opts))}\n`);
