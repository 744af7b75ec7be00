import { describe, expect, it } from 'vitest';
import { createDnp3Master, createDnp3Outstation, type Dnp3MasterConfig, type Dnp3OutstationConfig } from '../../../../src-main/protocols/dnp3';
import { resolveMasterConfig } from '../../../../src-main/protocols/dnp3/master/config';

describe('DNP3 master configuration', () => {
  it('applies the defaults the issue names: addresses 1 and 10, 5 s response timeout, 60 s keep-alive, 2048-octet fragments', () => {
    expect(resolveMasterConfig({})).toMatchObject({ masterAddress: 1, outstationAddress: 10, responseTimeoutMs: 5000, keepAliveMs: 60000, maxRxFragmentSize: 2048 });
  });

  it('accepts the limits: addresses 0 and 65519, fragments of 249 and 65536 octets, zero periods', () => {
    const c: Dnp3MasterConfig = { masterAddress: 0, outstationAddress: 65519, maxRxFragmentSize: 65536, keepAliveMs: 0, integrityPollMs: 0, feedbackWindowMs: 0, retries: 0 };
    expect(() => createDnp3Master(c)).not.toThrow();
    expect(() => createDnp3Master({ maxRxFragmentSize: 249 })).not.toThrow();
  });

  const bad: Array<[Dnp3MasterConfig, RegExp]> = [
    [{ masterAddress: 65520 }, /masterAddress 65520 must be an integer from 0 to 65519/],
    [{ outstationAddress: -1 }, /outstationAddress -1/],
    [{ outstationAddress: 1.5 }, /outstationAddress 1\.5/],
    [{ maxRxFragmentSize: 65537 }, /maxRxFragmentSize 65537 must be an integer from 249 to 65536/],
    [{ maxRxFragmentSize: 100 }, /maxRxFragmentSize 100/],
    [{ responseTimeoutMs: 0 }, /responseTimeoutMs 0 must be over 0/],
    [{ selectTimeoutMs: Number.NaN }, /selectTimeoutMs NaN/],
    [{ keepAliveMs: -5 }, /keepAliveMs -5 must be 0 or more/],
    [{ retries: -1 }, /retries -1 must be an integer, 0 or more/],
    [{ linkRetries: 0.5 }, /linkRetries 0\.5/],
    [{ defaultPulseMs: 2 ** 32 }, /defaultPulseMs 4294967296/],
    [{ unsolicitedClasses: [1, 4 as never] }, /unsolicitedClasses holds 4/],
    [{ classPollMs: { 2: -1 } }, /classPollMs\[2\] -1/],
    [{ classPollMs: { 0: 1000 } as never }, /classPollMs has class 0/],
    [{ timeSync: { procedure: 'gps' as never } }, /timeSync\.procedure gps/],
    [{ timeSync: { periodMs: -1 } }, /timeSync\.periodMs -1/],
    [{ decodeLevel: 'verbose' as never }, /decodeLevel verbose/],
  ];
  it.each(bad.map(([c, m]) => [JSON.stringify(c), c, m] as const))('rejects %s by naming the field', (_n, c, message) => {
    expect(() => createDnp3Master(c)).toThrow(RangeError);
    expect(() => createDnp3Master(c)).toThrow(message);
  });
});

describe('DNP3 outstation simulator configuration', () => {
  it('accepts the limits: 65536 points of a type, no points, fragments of 249 and 65536 octets', () => {
    expect(() => createDnp3Outstation({ counts: { ai: 65536, bi: 0 }, maxFragmentSize: 65536, flood: { eventsPerSecond: 0 } })).not.toThrow();
    expect(() => createDnp3Outstation({ maxFragmentSize: 249, classes: { ai: 0 } })).not.toThrow();
  });

  const bad: Array<[Dnp3OutstationConfig, RegExp]> = [
    [{ outstationAddress: 0xfffd }, /outstationAddress 65533 must be an integer from 0 to 65519/],
    [{ masterAddress: -1 }, /masterAddress -1/],
    [{ counts: { ai: 65537 } }, /counts\.ai 65537 must be an integer from 0 to 65536/],
    [{ counts: { bi: -1 } }, /counts\.bi -1/],
    [{ classes: { ctr: 4 as never } }, /classes\.ctr 4 must be 0, 1, 2 or 3/],
    [{ eventBufferSize: 0 }, /eventBufferSize 0 must be an integer, 1 or more/],
    [{ maxFragmentSize: 100_000 }, /maxFragmentSize 100000 must be an integer from 249 to 65536/],
    [{ maxFragmentSize: 100 }, /maxFragmentSize 100/],
    [{ confirmTimeoutMs: 0 }, /confirmTimeoutMs 0 must be over 0/],
    [{ selectTimeoutMs: -1 }, /selectTimeoutMs -1/],
    [{ changes: { intervalMs: 0, mode: 'toggle' } }, /changes\.intervalMs 0 must be over 0/],
    [{ changes: { intervalMs: 100, mode: 'toggle', pointsPerTick: 0 } }, /changes\.pointsPerTick 0/],
    [{ changes: { intervalMs: 100, mode: 'sine' as never } }, /changes\.mode sine/],
    [{ flood: { eventsPerSecond: -5 } }, /flood\.eventsPerSecond -5 must be 0 or more/],
    [{ flood: { eventsPerSecond: 10, tickMs: 0 } }, /flood\.tickMs 0 must be over 0/],
    [{ decodeLevel: 'all' as never }, /decodeLevel all/],
  ];
  it.each(bad.map(([c, m]) => [JSON.stringify(c), c, m] as const))('rejects %s by naming the field', (_n, c, message) => {
    expect(() => createDnp3Outstation(c)).toThrow(RangeError);
    expect(() => createDnp3Outstation(c)).toThrow(message);
  });
});
