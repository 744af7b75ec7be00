/**
 * The Monitor tab's recording side: the start form asks to record unless unticked, the
 * recorded file's size in words, the port its file is decoded on in the Analyzer, and the
 * store handing a stopped relay's file over as bytes (or saying why not).
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { monitorRequest, newMonitorForm, recordingDecodeAs, recordingSize } from '../../../src-renderer/components/monitor/monitor-display';
import { useMonitorStore, type MonitorStatus } from '../../../src-renderer/stores/monitor';
import { fakeContract, type FakeContract } from './fake-contract';

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

const stopped: MonitorStatus = {
  id: 'm3',
  listen: '127.0.0.1:20001',
  forward: '[::1]:20005',
  protocol: 'dnp3',
  state: 'stopped',
  startedBy: 'eng',
  startedAt: 1,
  connections: [],
  framesDropped: 0,
  capture: { path: '/data/captures/monitor-20260101-120000-m3.pcap', fileName: 'monitor-20260101-120000-m3.pcap', bytes: 123456, packets: 1200 },
};

describe('Monitor tab: recording', () => {
  it('records by default, and not when unticked', () => {
    const form = newMonitorForm();
    expect(monitorRequest(form)).toMatchObject({ ok: true, request: { record: true } });
    expect(monitorRequest({ ...form, record: false })).toMatchObject({ ok: true, request: { record: false } });
  });

  it('names the size and the port to decode', () => {
    expect(recordingSize(stopped.capture!)).toBe(`${(123456).toLocaleString()} octets, ${(1200).toLocaleString()} packets`);
    expect(recordingDecodeAs(stopped)).toEqual([{ port: 20005, protocol: 'dnp3' }]);
    expect(recordingDecodeAs({ ...stopped, protocol: null })).toEqual([]); // never told: decoded by the standard ports only
  });

  it('hands the recorded file over as bytes, or says why not', async () => {
    const store = useMonitorStore();
    fake.answer('monitor.capture', { ok: true, value: { fileName: 'monitor-20260101-120000-m3.pcap', data: '1MOyoQ==', packets: 0 } });
    expect(await store.capture('m3')).toEqual({ fileName: 'monitor-20260101-120000-m3.pcap', bytes: Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1]), packets: 0 });
    expect(fake.calls.at(-1)).toEqual({ name: 'monitor.capture', request: { id: 'm3' } });
    fake.answer('monitor.capture', { ok: false, error: { code: 'STILL_RUNNING', message: 'monitor m3 is still recording: stop it first' } });
    expect(await store.capture('m3')).toBeNull();
    expect(store.error).toBe('STILL_RUNNING: monitor m3 is still recording: stop it first');
  });
});
