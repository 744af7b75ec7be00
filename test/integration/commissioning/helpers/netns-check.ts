/**
 * Run inside a test namespace (see ../../transport/helpers/netns.ts): checks the given
 * targets, then sweeps the standard ports of the namespace's own loopback with listeners
 * on 20000/TCP and 2404/TCP, and prints the reports as JSON.
 */
import { checkConnectivity, sweepPorts, type ConnectivityTarget } from '../../../../src-main/commissioning/connectivity';
import { serveSessions } from '../../../../src-main/transport';
import { assertInsideTestNetns } from '../../transport/helpers/netns';

assertInsideTestNetns();
const targets = JSON.parse(process.argv[2] ?? '[]') as ConnectivityTarget[];
const checks = [];
for (const target of targets) checks.push(await checkConnectivity(target));
const silent = () => ({ step: () => [] });
const dnp3 = await serveSessions({ endpoint: { kind: 'tcp', port: 20000 }, createSession: silent });
const iec104 = await serveSessions({ endpoint: { kind: 'tcp', port: 2404 }, createSession: silent });
const sweep = await sweepPorts('127.0.0.1', { connectTimeoutMs: 500, udpWaitMs: 300 });
await dnp3.close();
await iec104.close();
process.stdout.write(JSON.stringify({ checks, sweep }));
