/**
 * The rule model every format renders: which masters reach which port, which plain port a
 * TLS station closes, and errors that name the bad input.
 */
import { describe, expect, it } from 'vitest';
import { planFirewall, type FirewallStation } from '../../../../src-main/commissioning/firewall/firewall-plan';

const dnp3: FirewallStation = { protocol: 'dnp3', transport: 'tcp', addresses: ['192.0.2.10'], port: 20000 };

function planOf(station: FirewallStation, masters: string[]) {
  const result = planFirewall(station, masters);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('planFirewall', () => {
  it('admits the masters to the protocol port and closes nothing else for plain DNP3 over TCP', () => {
    const p = planOf(dnp3, ['192.0.2.21', '192.0.2.22', '192.0.2.21']);
    expect(p.service).toEqual({ protocol: 'tcp', port: 20000 });
    expect(p.closed).toEqual([]);
    expect(p.families.map((f) => [f.station.text, f.masters.map((m) => m.text)])).toEqual([['192.0.2.10', ['192.0.2.21', '192.0.2.22']]]);
    expect(p.id).toMatch(/^SWY-DNP3-[0-9A-F]{8}$/);
  });

  it('closes the plain port of a TLS station: 2404 for IEC 104 on 19998, 20000 for DNP3 on 19999, nothing when TLS is on the plain port', () => {
    const iec = planOf({ protocol: 'iec104', transport: 'tls', addresses: ['192.0.2.10'], port: 19998 }, ['192.0.2.21']);
    expect(iec.closed).toEqual([{ protocol: 'tcp', port: 2404, reason: 'plain IEC 104 is closed: the station serves IEC 104 over TLS on 19998' }]);
    expect(iec.serviceName).toBe('IEC 104 over TLS');
    const dnpTls = planOf({ ...dnp3, transport: 'tls', port: 19999 }, ['192.0.2.21']);
    expect(dnpTls.closed.map((c) => c.port)).toEqual([20000]);
    expect(planOf({ ...dnp3, transport: 'tls' }, ['192.0.2.21']).closed).toEqual([]);
    expect(planOf({ protocol: 'iec104', transport: 'tcp', addresses: ['192.0.2.10'], port: 2404 }, ['192.0.2.21']).closed).toEqual([]);
  });

  it('uses UDP for DNP3 over UDP', () => {
    const p = planOf({ ...dnp3, transport: 'udp' }, ['192.0.2.21']);
    expect(p.service).toEqual({ protocol: 'udp', port: 20000 });
    expect(p.serviceName).toBe('DNP3 over UDP');
  });

  it('sorts masters to the station address of their family; a family without masters drops all', () => {
    const p = planOf({ ...dnp3, addresses: ['2001:db8::10', '192.0.2.10'] }, ['2001:DB8::21', '192.0.2.21']);
    expect(p.families.map((f) => [f.family, f.station.text, f.masters.map((m) => m.text)])).toEqual([
      [4, '192.0.2.10', ['192.0.2.21']],
      [6, '2001:db8::10', ['2001:db8::21']],
    ]);
    const v4only = planOf({ ...dnp3, addresses: ['2001:db8::10', '192.0.2.10'] }, ['192.0.2.21']);
    expect(v4only.families[1]!.masters).toEqual([]);
  });

  it('names the bad input', () => {
    const error = (station: FirewallStation, masters: string[]) => {
      const r = planFirewall(station, masters);
      return r.ok ? null : r.error;
    };
    expect(error(dnp3, ['192.0.2.21', '10.0.0.300'])).toEqual({ code: 'BAD_ADDRESS', message: "master address '10.0.0.300' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)" });
    expect(error(dnp3, ['scada-1.example'])?.message).toContain("'scada-1.example'");
    expect(error(dnp3, ['127.0.0.1'])?.message).toBe("master address '127.0.0.1' is a loopback address, not the address of a device");
    expect(error(dnp3, ['192.0.2.10'])?.message).toBe("master address '192.0.2.10' is the station's own address");
    expect(error(dnp3, [])?.code).toBe('NO_MASTER');
    expect(error(dnp3, ['2001:db8::21'])).toEqual({
      code: 'FAMILY_MISMATCH',
      message: "master address '2001:db8::21' is IPv6 but the station (192.0.2.10) has no IPv6 address: add the station's IPv6 address",
    });
    expect(error({ ...dnp3, addresses: ['rtu7.example'] }, ['192.0.2.21'])?.message).toBe("the station's address 'rtu7.example' is not an IPv4 or IPv6 address (firewall rules need addresses, not names or prefixes)");
    expect(error({ ...dnp3, addresses: ['192.0.2.10', '192.0.2.11'] }, ['192.0.2.21'])?.message).toContain('two IPv4 addresses');
    expect(error({ ...dnp3, addresses: [] }, ['192.0.2.21'])?.code).toBe('NO_STATION_ADDRESS');
    expect(error({ ...dnp3, port: 70000 }, ['192.0.2.21'])?.code).toBe('BAD_PORT');
  });

  it('gives each station its own stable id', () => {
    const a = planOf(dnp3, ['192.0.2.21']).id;
    expect(planOf(dnp3, ['192.0.2.99']).id).toBe(a);
    expect(planOf({ ...dnp3, addresses: ['192.0.2.11'] }, ['192.0.2.21']).id).not.toBe(a);
    expect(planOf({ ...dnp3, transport: 'udp' }, ['192.0.2.21']).id).not.toBe(a);
  });
});
