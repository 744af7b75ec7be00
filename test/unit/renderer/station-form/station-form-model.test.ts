import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { StationConfig, type StationConfigInput } from '../../../../src-shared/workspace/station';
import { changeProtocol, defaultHint, draftFrom, keyTextFromFile, newStationDraft, parseNumber, stationFromDraft, toggled, transportKinds, validateStation } from '../../../../src-renderer/components/station-form/model';
import { updateKeyProblem } from '../../../../src-shared/update-key';
import { FULL_DNP3, FULL_IEC104 } from './fixtures';

describe('station form model: round trip', () => {
  it.each([
    ['DNP3 over TLS', FULL_DNP3],
    ['IEC 104 with redundancy', FULL_IEC104],
  ])('gives back a full %s station unchanged, and it is valid', (_, config) => {
    expect(v.parse(StationConfig, config)).toStrictEqual(config);
    const draft = draftFrom(config);
    expect(stationFromDraft(draft)).toStrictEqual(config);
    expect(validateStation(draft)).toStrictEqual({ ok: true, value: config });
  });

  it('fills left-out settings with the schema defaults, which mean the same station', () => {
    const partial: StationConfigInput = { id: 'p', name: 'P', protocol: 'iec104', transport: { kind: 'tcp', host: 'h', port: 2404 }, commands: [{ address: 'ioa:1@1', actions: ['on'] }] };
    const draft = draftFrom(partial);
    expect(draft.iec104.t1Ms).toBe(15_000);
    expect(draft.commands[0]!.pulseOnMs).toBe(1_000);
    expect(v.parse(StationConfig, stationFromDraft(draft))).toStrictEqual(v.parse(StationConfig, partial));
  });

  it('copies deeply, keeps TLS files in the draft but sends them only for TLS', () => {
    const draft = draftFrom(FULL_DNP3);
    draft.iec104.redundancy!.push({ host: 'x', port: 1 });
    draft.dnp3.classPolls![0]!.periodMs = 5;
    expect(FULL_DNP3.iec104!.redundancy).toEqual([]);
    expect(FULL_DNP3.dnp3!.classPolls![0]!.periodMs).toBe(1_000);
    draft.transport.kind = 'tcp';
    expect(stationFromDraft(draft).transport).not.toHaveProperty('tls');
    expect(draft.transport.tls.caFile).toBe('/pki/ca.pem');
    expect(newStationDraft().transport.tls).toEqual({ caFile: '', certFile: '', keyFile: '' });
  });

  it('a serial station: the line only for serial, the network fields kept in the draft, the schema checks the path', () => {
    const draft = draftFrom(FULL_DNP3);
    draft.transport.kind = 'serial';
    draft.transport.serial.path = '/dev/ttyUSB0';
    draft.transport.serial.baudRate = 19200;
    const sent = stationFromDraft(draft).transport;
    expect(sent).toEqual({ kind: 'serial', serial: { path: '/dev/ttyUSB0', baudRate: 19200, dataBits: 8, parity: 'none', stopBits: 1, rs485: false, interFrameGapMs: 0 }, reconnectDelayMs: 1500 });
    expect(validateStation(draft).ok).toBe(true);
    const back = draftFrom(stationFromDraft(draft));
    expect(back.transport.serial.baudRate).toBe(19200);
    expect(back.transport.host).toBe('');
    draft.transport.serial.path = '';
    const invalid = validateStation(draft);
    expect(invalid.ok ? {} : invalid.errors).toHaveProperty(['transport.serial.path']);
    expect(transportKinds('iec104').map((k) => k.value)).not.toContain('serial');
    expect(defaultHint('transport.serial.baudRate')).toBe('default 9600');
  });

  it('leaves out fields left empty so their defaults apply', () => {
    const draft = draftFrom(FULL_IEC104);
    draft.iec104.t3Ms = undefined;
    draft.commands[0]!.type = undefined;
    const config = stationFromDraft(draft);
    expect('t3Ms' in config.iec104!).toBe(false);
    expect('type' in config.commands![0]!).toBe(false);
    expect(v.parse(StationConfig, config).iec104.t3Ms).toBe(20_000);
  });
});

describe('station form model: errors at their fields', () => {
  const errorsOf = (edit: (draft: ReturnType<typeof draftFrom>) => void) => {
    const draft = draftFrom(FULL_IEC104);
    edit(draft);
    const result = validateStation(draft);
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  };

  it('puts errors inside rows at the row field', () => {
    expect(
      errorsOf((d) => {
        d.iec104.redundancy![1]!.port = 70_000;
        d.iec104.redundancy![0]!.host = '';
        d.commands[1]!.actions = [];
        d.commands[0]!.pulseOnMs = Number.NaN;
      }),
    ).toEqual({
      'iec104.redundancy.1.port': 'Must be 65535 or less',
      'iec104.redundancy.0.host': 'Required',
      'commands.1.actions': 'At least 1 needed',
      'commands.0.pulseOnMs': 'Enter a number',
    });
  });

  it('reports the APCI and CA rules of the protocol layer at the field', () => {
    expect(errorsOf((d) => ((d.iec104.t2Ms = 12_000), (d.iec104.w = 21)))).toEqual({ 'iec104.t2Ms': 't2 must be less than t1', 'iec104.w': 'w must not exceed k' });
    expect(errorsOf((d) => (d.iec104.commonAddresses = [7, 300]))).toEqual({ 'iec104.commonAddresses': 'a 1-octet CA is at most 255' });
    expect(errorsOf((d) => (d.iec104.commonAddresses = [7, Number.NaN]))).toEqual({ 'iec104.commonAddresses': 'entry 2: Enter a number' });
    expect(errorsOf((d) => (d.iec104.commonAddresses = []))).toEqual({ 'iec104.commonAddresses': 'At least 1 needed' });
  });

  it('names required, whole-number and TLS file problems, and keeps the schema’s own words for checks', () => {
    const draft = draftFrom(FULL_DNP3);
    draft.transport.port = undefined as unknown as number;
    draft.transport.tls.keyFile = '';
    draft.dnp3.classPolls![1]!.periodMs = 2.5;
    draft.id = 'bad id';
    const result = validateStation(draft);
    expect(result.ok || result.errors).toEqual({
      id: 'letters, digits, _ or -, 1 to 40',
      'transport.port': 'Required',
      'transport.tls.keyFile': 'Required',
      'dnp3.classPolls.1.periodMs': 'Enter a whole number',
    });
  });
});

describe('station form model: helpers', () => {
  it('moves a new station to the protocol’s port and off a DNP3-only transport', () => {
    const draft = newStationDraft();
    draft.transport.kind = 'udp';
    draft.protocol = 'iec104';
    changeProtocol(draft, true);
    expect(draft.transport).toMatchObject({ kind: 'tcp', port: 2404 });
    const existing = draftFrom(FULL_DNP3);
    existing.protocol = 'iec104';
    changeProtocol(existing, false);
    expect(existing.transport).toMatchObject({ kind: 'tls', port: 19999 });
  });

  it('parses numbers, toggles in a fixed order and hints defaults', () => {
    expect([parseNumber(' 12 '), parseNumber(''), parseNumber('-1.5'), parseNumber('1e3')]).toEqual([12, undefined, -1.5, Number.NaN]);
    expect(toggled([3, 1], 2, true, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(toggled(['close', 'trip'], 'close', false, ['trip', 'close'])).toEqual(['trip']);
    expect([defaultHint('iec104.t1Ms'), defaultHint('commands.3.pulseOffMs'), defaultHint('transport.reconnectDelayMs'), defaultHint('name'), defaultHint('dnp3.timeSync')]).toEqual(['default 15000', 'default 1000', 'default 2000', undefined, undefined]);
  });
});

describe('the SA update key read from a chosen file', () => {
  it('takes a text file of hex digits as it is, and raw octets as hex', () => {
    expect(keyTextFromFile(new TextEncoder().encode('00:01:02:03 04050607\n08090a0b0c0d0e0f\n'))).toBe('00:01:02:03 04050607\n08090a0b0c0d0e0f');
    const raw = Uint8Array.from({ length: 32 }, (_, i) => 0xe0 + (i % 16));
    expect(keyTextFromFile(raw)).toBe('e0e1e2e3e4e5e6e7e8e9eaebecedeeefe0e1e2e3e4e5e6e7e8e9eaebecedeeef');
    expect(updateKeyProblem(keyTextFromFile(raw))).toBeNull();
  });
});
