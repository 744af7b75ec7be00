/**
 * Naming a device that speaks another protocol from the first octets it sends, however
 * they arrive in chunks.
 */
import { describe, expect, it } from 'vitest';
import { ForeignProtocolWatch } from '../../../src-main/commissioning/target/wrong-protocol';

describe('ForeignProtocolWatch', () => {
  it('names IEC 104 octets where DNP3 was expected, from a first chunk of one octet', () => {
    const watch = new ForeignProtocolWatch('dnp3');
    watch.push(Uint8Array.of(0x68));
    expect(watch.foreign()).toBeNull();
    watch.push(Uint8Array.of(0x04, 0x07, 0x00, 0x00, 0x00));
    expect(watch.foreign()).toEqual({
      code: 'WRONG_PROTOCOL',
      message: 'the device speaks another protocol: IEC 104 (its first octets 68 04 07), not DNP3 (05 64): check the port (DNP3 listens on 20000, IEC 104 on 2404 and IEC 104 over TLS on 19998) and the URL scheme',
    });
  });

  it('names DNP3 where IEC 104 was expected, and TLS with the scheme to use', () => {
    const iec104 = new ForeignProtocolWatch('iec104');
    iec104.push(Uint8Array.of(0x05, 0x64, 0x0a, 0x44));
    expect(iec104.foreign()?.message).toMatch(/^the device speaks another protocol: DNP3 \(its first octets 05 64 0a\), not IEC 104 \(68\)/);
    const tls = new ForeignProtocolWatch('dnp3');
    tls.push(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32));
    expect(tls.foreign()?.message).toMatch(/TLS \(its first octets 15 03 03\).*use dnp3\+tls:\/\//);
  });

  it('is quiet for the expected protocol and for octets that match none, and judges only the first ones', () => {
    const dnp3 = new ForeignProtocolWatch('dnp3');
    dnp3.push(Uint8Array.of(0x05, 0x64, 0x0a, 0x44));
    dnp3.push(Uint8Array.of(0x68, 0x04, 0x07));
    expect(dnp3.foreign()).toBeNull();
    const other = new ForeignProtocolWatch('iec104');
    other.push(new TextEncoder().encode('SSH-2.0-OpenSSH'));
    expect(other.foreign()).toBeNull();
  });
});
