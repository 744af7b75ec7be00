/**
 * A loopback TCP proxy in front of a simulator that records what the client sent and what
 * the server answered, in order, so a test can write the conversation as a pcap for tshark.
 */
import { createConnection, createServer, type Server } from 'node:net';
import type { PcapPacket } from '../../../unit/protocols/dnp3/pcap';

/** A running proxy: its port, the recorded payloads, and close(). */
export interface RecordingProxy {
  port: number;
  packets: PcapPacket[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 forwarding to 127.0.0.1:`targetPort`. */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const packets: PcapPacket[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    client.on('data', (b: Buffer) => {
      packets.push({ fromMaster: true, payload: new Uint8Array(b) });
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      packets.push({ fromMaster: false, payload: new Uint8Array(b) });
      client.write(b);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, packets, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
