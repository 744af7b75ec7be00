/**
 * A station's recorded traffic as a pcap: read back with our reader, the streams carry
 * the real addresses and ports, the client is the side that opened the connection, and
 * the bytes come back in order per direction.
 */
import { describe, expect, it } from 'vitest';
import { extractStreams, readCapture } from '../../../src-main/protocols/pcap';
import { stationCapturePorts, trafficToPcap } from '../../../src-main/engine/analyzer/traffic-pcap';
import type { TrafficChunk } from '../../../src-main/engine/analyzer/traffic-ring';
import type { ConnectionInfo } from '../../../src-main/transport/connection';

const dialled: ConnectionInfo = {
  transport: 'tcp',
  initiator: 'local',
  local: { address: '10.0.0.5', port: 50123, family: 'IPv4' },
  remote: { address: '10.0.0.9', port: 2404, family: 'IPv4' },
};
const chunk = (direction: 'tx' | 'rx', bytes: number[], timeMs: number, connection = dialled, link = 0): TrafficChunk => ({ direction, link, timeMs, bytes: new Uint8Array(bytes), connection });

function read(bytes: Uint8Array) {
  const capture = readCapture(bytes);
  if (!capture.ok) throw new Error(capture.error.message);
  return { capture: capture.value, streams: extractStreams(capture.value) };
}

describe('trafficToPcap', () => {
  it('writes a dialled TCP connection with its real ends, handshake first, bytes in order', () => {
    const pcap = trafficToPcap([chunk('tx', [0x68, 0x04, 0x07, 0, 0, 0], 1_700_000_000_000), chunk('rx', [0x68, 0x04, 0x0b, 0, 0, 0], 1_700_000_000_010.5)]);
    expect(pcap.warnings).toEqual([]);
    expect(pcap.packets).toBe(5); // SYN, SYN-ACK, ACK, two data segments
    const { capture, streams } = read(pcap.bytes);
    expect(capture.packets[3]!.timestampMs).toBe(1_700_000_000_000);
    expect(capture.packets[4]!.timestampMs).toBeCloseTo(1_700_000_000_010.5, 3);
    const [connection] = streams.tcp;
    expect(connection).toMatchObject({ client: { address: '10.0.0.5', port: 50123 }, server: { address: '10.0.0.9', port: 2404 } });
    expect(connection!.chunks.map((c) => [c.fromClient, [...c.bytes]])).toEqual([
      [true, [0x68, 0x04, 0x07, 0, 0, 0]],
      [false, [0x68, 0x04, 0x0b, 0, 0, 0]],
    ]);
    expect(connection!.ended).toBe(false);
  });

  it('puts a new connection (a reconnect) in its own stream and keeps UDP as datagrams', () => {
    const again: ConnectionInfo = { ...dialled, local: { ...dialled.local, port: 50124 } };
    const udp: ConnectionInfo = { transport: 'udp', initiator: 'local', local: { address: '::1', port: 40000, family: 'IPv6' }, remote: { address: '::1', port: 20000, family: 'IPv6' } };
    const pcap = trafficToPcap([chunk('tx', [1], 1), chunk('tx', [2], 2, again), chunk('rx', [3, 4], 3, udp)]);
    const { streams } = read(pcap.bytes);
    expect(streams.tcp.map((c) => c.client.port)).toEqual([50123, 50124]);
    expect(streams.udp).toMatchObject([{ src: { address: '::1', port: 20000 }, dst: { address: '::1', port: 40000 } }]);
  });

  it('skips, with a warning, a chunk whose address cannot be written', () => {
    const bad: ConnectionInfo = { ...dialled, remote: { ...dialled.remote, address: 'rtu.example' } };
    const pcap = trafficToPcap([chunk('tx', [1, 2], 1, bad), chunk('tx', [3], 2)]);
    expect(pcap.warnings).toEqual([expect.stringMatching(/^tx chunk of 2 bytes skipped: BAD_ADDRESS .*rtu\.example/)]);
    expect(read(pcap.bytes).streams.tcp).toHaveLength(1);
  });

  it('writes only the file header when nothing was recorded', () => {
    const pcap = trafficToPcap([]);
    expect(pcap.packets).toBe(0);
    expect(read(pcap.bytes).capture.packets).toEqual([]);
  });

  it('writes a TLS station\'s cleartext with the plain IEC 104 port 2404, redundancy endpoints included, and says so', () => {
    const ports = stationCapturePorts({ protocol: 'iec104', transport: { kind: 'tls', port: 19998 }, iec104: { redundancy: [{ port: 19999 }] } });
    const tls: ConnectionInfo = { ...dialled, remote: { ...dialled.remote, port: 19998 } };
    const backup: ConnectionInfo = { ...dialled, local: { ...dialled.local, port: 50124 }, remote: { ...dialled.remote, port: 19999 } };
    const pcap = trafficToPcap([chunk('tx', [0x68, 0x04, 0x07, 0, 0, 0], 1, tls), chunk('tx', [0x68, 0x04, 0x07, 0, 0, 0], 2, backup)], ports);
    expect(read(pcap.bytes).streams.tcp.map((c) => [c.client.port, c.server.port])).toEqual([[50123, 2404], [50124, 2404]]);
    expect(pcap.note).toBe(
      'the TLS cleartext is written with port 2404 in place of 19998, so Wireshark and tshark decode it without Decode As; ' +
        'the TLS cleartext is written with port 2404 in place of 19999, so Wireshark and tshark decode it without Decode As',
    );
  });

  it('keeps a non-standard plain port and gives the tshark -d option that decodes it', () => {
    const ports = stationCapturePorts({ protocol: 'dnp3', transport: { kind: 'tcp', port: 20001 }, iec104: { redundancy: [] } });
    const plain: ConnectionInfo = { ...dialled, remote: { ...dialled.remote, port: 20001 } };
    const pcap = trafficToPcap([chunk('tx', [0x05, 0x64], 1, plain)], ports);
    expect(read(pcap.bytes).streams.tcp[0]!.server.port).toBe(20001);
    expect(pcap.note).toBe("port 20001 is not the protocol's standard port: decode with tshark -d tcp.port==20001,dnp3 (Wireshark: Decode As)");
  });

  it('has no note for a standard plain port', () => {
    const ports = stationCapturePorts({ protocol: 'iec104', transport: { kind: 'tcp', port: 2404 }, iec104: { redundancy: [] } });
    expect(trafficToPcap([chunk('tx', [1], 1)], ports).note).toBeNull();
  });
});
