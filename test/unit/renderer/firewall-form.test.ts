/** The Firewall rules panel's request: addresses as typed (lines, commas, spaces), the optional other address. */
import { describe, expect, it } from 'vitest';
import { firewallRequest, FORMAT_CHOICES, masterAddresses } from '../../../src-renderer/components/firewall/firewall-form';

describe('firewall form', () => {
  it('takes one address per line, and also commas, semicolons and spaces, ignoring blank lines', () => {
    expect(masterAddresses(' 192.0.2.21\n\n192.0.2.22, 2001:db8::21;192.0.2.23  \n')).toEqual(['192.0.2.21', '192.0.2.22', '2001:db8::21', '192.0.2.23']);
    expect(masterAddresses('  \n ')).toEqual([]);
  });

  it('sends the other station address only when one is typed', () => {
    const form = { station: 'rtu7', masters: '192.0.2.21', stationAddress: '  ', format: 'cisco' as const };
    expect(firewallRequest(form)).toEqual({ station: 'rtu7', masters: ['192.0.2.21'], format: 'cisco' });
    expect(firewallRequest({ ...form, stationAddress: ' 2001:db8::10 ' })).toEqual({ station: 'rtu7', masters: ['192.0.2.21'], format: 'cisco', stationAddress: '2001:db8::10' });
  });

  it('offers every format of the contract, iptables first', () => {
    expect(FORMAT_CHOICES.map((f) => f.value)).toEqual(['iptables', 'nftables', 'windows', 'cisco']);
  });
});
