import { describe, expect, it } from 'vitest';
import { capturePorts, capturePortsNote } from '../../../src-main/protocols/capture/capture-ports';

describe('the port a capture writes', () => {
  it('keeps the standard cleartext ports as they are, with nothing to tell', () => {
    for (const t of [
      { protocol: 'dnp3', transport: 'tcp', port: 20000 },
      { protocol: 'dnp3', transport: 'udp', port: 20000 },
      { protocol: 'dnp3', transport: 'tls', port: 20000 },
      { protocol: 'iec104', transport: 'tcp', port: 2404 },
    ] as const) {
      const ports = capturePorts(t);
      expect(ports).toEqual({ real: t.port, written: t.port, decodeAs: null });
      expect(capturePortsNote(ports)).toBeNull();
    }
  });

  it('writes TLS cleartext on the cleartext port (IEC 104 19998 as 2404)', () => {
    expect(capturePorts({ protocol: 'iec104', transport: 'tls', port: 19998 })).toEqual({ real: 19998, written: 2404, decodeAs: null });
    expect(capturePorts({ protocol: 'dnp3', transport: 'tls', port: 19999 })).toEqual({ real: 19999, written: 20000, decodeAs: null });
  });

  it('keeps another plain port and names the tshark option for TCP and UDP', () => {
    const tcp = capturePorts({ protocol: 'iec104', transport: 'tcp', port: 2405 });
    expect(tcp).toEqual({ real: 2405, written: 2405, decodeAs: 'tcp.port==2405,iec60870_104' });
    expect(capturePortsNote(tcp)).toBe("port 2405 is not the protocol's standard port: decode with tshark -d tcp.port==2405,iec60870_104 (Wireshark: Decode As)");
    expect(capturePorts({ protocol: 'dnp3', transport: 'udp', port: 20001 }).decodeAs).toBe('udp.port==20001,dnp3');
  });
});
