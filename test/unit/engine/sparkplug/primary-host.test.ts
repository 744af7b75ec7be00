import { describe, expect, it } from 'vitest';
import { parseHostState, PrimaryHostWatch, stateTopic } from '../../../../src-main/engine/sparkplug/primary-host';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('primary host STATE (Sparkplug 3.0)', () => {
  it('names the topic spBv1.0/STATE/<host id>', () => {
    expect(stateTopic('SCADA')).toBe('spBv1.0/STATE/SCADA');
  });

  it('parses {online, timestamp} and refuses anything else with STATE_INVALID', () => {
    expect(parseHostState(bytes('{"online":true,"timestamp":1700000000000}'))).toEqual({ ok: true, state: { online: true, timestamp: 1700000000000 } });
    const refused = (text: string) => {
      const got = parseHostState(bytes(text));
      return got.ok ? null : got.error;
    };
    expect(refused('ONLINE')).toEqual({ code: 'STATE_INVALID', message: 'not JSON text' });
    expect(refused('[1]')?.message).toBe('"online" is not true or false');
    expect(refused('null')?.message).toBe('not a JSON object');
    expect(refused('{"online":"true","timestamp":1}')?.message).toBe('"online" is not true or false');
    expect(refused('{"online":true}')?.message).toBe('"timestamp" is not a time in ms');
    expect(parseHostState(Uint8Array.of(0xff, 0xfe)).ok).toBe(false);
  });

  it('takes online and offline in order and ignores a STATE older than the last one accepted', () => {
    const watch = new PrimaryHostWatch('SCADA');
    expect(watch.online).toBeNull();
    expect(watch.observe({ online: true, timestamp: 100 })).toBe('online');
    expect(watch.observe({ online: false, timestamp: 99 })).toBe('stale');
    expect(watch.online).toBe(true);
    expect(watch.observe({ online: false, timestamp: 100 })).toBe('offline');
    expect(watch.online).toBe(false);
    expect(watch.observe({ online: true, timestamp: 150 })).toBe('online');
  });
});
