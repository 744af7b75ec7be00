/**
 * The analyzer store's file side: "Save as pcap" returns the file's bytes, "Open capture"
 * sends the file base64 and shows its frames instead of the live ones (live batches wait
 * outside) until "Back to live"; oversized files are refused before anything is sent.
 */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_CAPTURE_FILE_BYTES } from '../../../../src-shared/ipc/schemas/analyzer';
import { hexToBytes, useAnalyzerStore } from '../../../../src-renderer/stores/analyzer';
import { base64ToBytes, bytesToBase64 } from '../../../../src-renderer/util/base64';
import { fakeContract, type FakeContract } from '../fake-contract';

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
  fake.answer('analyzer.subscribe', { ok: true, value: {} });
});

const live = { time: 1, direction: 'rx' as const, protocol: 'iec104' as const, summary: 'S(1)', hex: '680401000200' };
const opened = {
  capture: 'cap-1',
  fileName: 'site.pcapng',
  format: 'pcapng' as const,
  packets: 12,
  total: 2,
  warnings: ['TRUNCATED: the file ends inside a packet'],
  frames: [
    { time: 5, direction: 'tx' as const, protocol: 'iec104' as const, summary: 'U(STARTDT act)', hex: '680407000000', packet: 4 },
    { time: 6, direction: 'rx' as const, protocol: 'iec104' as const, summary: 'U(STARTDT con)', hex: '68040b000000', packet: 6 },
  ],
};

describe('analyzer store: files', () => {
  it('saves the analysed station as a pcap, or says why not', async () => {
    const analyzer = useAnalyzerStore();
    expect(await analyzer.savePcap()).toBeNull(); // no station chosen: nothing asked
    expect(fake.calls).toEqual([]);
    await analyzer.watchStation('s1');
    fake.answer('analyzer.savePcap', { ok: true, value: { fileName: 's1-20260101-120000.pcap', data: '1MOyoQ==', packets: 7, chunks: 4, dropped: 0, warnings: [] } });
    const file = await analyzer.savePcap();
    expect(fake.calls.at(-1)).toEqual({ name: 'analyzer.savePcap', request: { station: 's1' } });
    expect(file).toEqual({ fileName: 's1-20260101-120000.pcap', bytes: Uint8Array.from([0xd4, 0xc3, 0xb2, 0xa1]), packets: 7, dropped: 0, note: null });
    const note = 'the TLS cleartext is written with port 2404 in place of 19998, so Wireshark and tshark decode it without Decode As';
    fake.answer('analyzer.savePcap', { ok: true, value: { fileName: 's1.pcap', data: '', packets: 0, chunks: 1, dropped: 0, warnings: [], note } });
    expect(await analyzer.savePcap()).toMatchObject({ note });
    fake.answer('analyzer.savePcap', { ok: false, error: { code: 'NO_TRAFFIC', message: 'no traffic of station s1 yet' } });
    expect(await analyzer.savePcap()).toBeNull();
    expect(analyzer.error).toContain('no traffic of station s1 yet');
  });

  it('shows an opened file instead of the live frames, then goes back to live', async () => {
    const analyzer = useAnalyzerStore();
    analyzer.start();
    await analyzer.watchStation('s1');
    fake.emit('analyzer.frames', { station: 's1', frames: [live] });
    expect(analyzer.frames.size).toBe(1);
    fake.answer('analyzer.openCapture', { ok: true, value: opened });
    await analyzer.openCapture(new File([Uint8Array.from([1, 2, 3, 250])], 'site.pcapng'));
    expect(fake.calls.at(-1)).toEqual({ name: 'analyzer.openCapture', request: { fileName: 'site.pcapng', data: 'AQID+g==' } });
    expect(analyzer.file).toEqual({ capture: 'cap-1', fileName: 'site.pcapng', format: 'pcapng', packets: 12, total: 2, warnings: ['TRUNCATED: the file ends inside a packet'] });
    expect([...analyzer.frames.values()].map((r) => [r.seq, r.packet, r.summary, [...hexToBytes(r.hex)]])).toEqual([
      [1, 4, 'U(STARTDT act)', [0x68, 4, 7, 0, 0, 0]],
      [2, 6, 'U(STARTDT con)', [0x68, 4, 0x0b, 0, 0, 0]],
    ]);
    fake.emit('analyzer.frames', { station: 's1', frames: [live] });
    expect(analyzer.frames.size).toBe(2); // the file stays as it is
    fake.answer('analyzer.closeCapture', { ok: true, value: {} });
    analyzer.backToLive();
    expect(fake.calls.at(-1)).toEqual({ name: 'analyzer.closeCapture', request: { capture: 'cap-1' } });
    expect(analyzer.file).toBeNull();
    expect(analyzer.frames.size).toBe(0);
    fake.emit('analyzer.frames', { station: 's1', frames: [live] });
    expect([...analyzer.frames.values()].map((r) => r.summary)).toEqual(['S(1)']);
  });

  it('keeps the live view when the engine refuses a file, and refuses oversized files itself', async () => {
    const analyzer = useAnalyzerStore();
    await analyzer.watchStation('s1');
    fake.answer('analyzer.openCapture', { ok: false, error: { code: 'BAD_MAGIC', message: 'notes.txt: neither a pcap nor a pcapng file' } });
    await analyzer.openCapture(new File(['hello'], 'notes.txt'));
    expect(analyzer.file).toBeNull();
    expect(analyzer.error).toContain('neither a pcap nor a pcapng file');
    const calls = fake.calls.length;
    const big = new File(['x'], 'huge.pcap');
    Object.defineProperty(big, 'size', { value: MAX_CAPTURE_FILE_BYTES + 1 });
    await analyzer.openCapture(big);
    expect(fake.calls.length).toBe(calls);
    expect(analyzer.error).toMatch(/^huge\.pcap is 32\.0 MiB; capture files of up to 32 MiB can be opened$/);
  });

  it("fetches an opened file's field tree when its frame is asked for, once; a live frame has its own", async () => {
    const analyzer = useAnalyzerStore();
    analyzer.start();
    fake.answer('analyzer.openCapture', { ok: true, value: opened });
    await analyzer.openCapture(new File([Uint8Array.from([1])], 'site.pcapng'));
    const tree = [{ name: 'APCI', value: 'U(STARTDT con)', offset: 0, length: 6 }];
    fake.answer('analyzer.captureFields', (request: { capture: string; index: number }) =>
      request.capture === 'cap-1' && request.index === 1 ? { ok: true, value: { fields: tree } } : { ok: false, error: { code: 'NOT_FOUND', message: 'no such frame' } },
    );
    const second = [...analyzer.frames.entries()].find(([, r]) => r.packet === 6)![0];
    expect(await analyzer.frameFields(second)).toEqual(tree);
    expect(await analyzer.frameFields(second)).toEqual(tree);
    expect(fake.calls.filter((c) => c.name === 'analyzer.captureFields')).toEqual([{ name: 'analyzer.captureFields', request: { capture: 'cap-1', index: 1 } }]);
    fake.answer('analyzer.captureFields', { ok: false, error: { code: 'CAPTURE_CLOSED', message: 'that capture file is no longer open here: open it again' } });
    const first = [...analyzer.frames.entries()].find(([, r]) => r.packet === 4)![0];
    expect(await analyzer.frameFields(first)).toBeNull();
    expect(analyzer.error).toContain('no longer open here');

    fake.answer('analyzer.closeCapture', { ok: true, value: {} });
    await analyzer.watchStation('s1');
    const calls = fake.calls.length;
    fake.emit('analyzer.frames', { station: 's1', frames: [{ ...live, fields: tree }] });
    expect(await analyzer.frameFields([...analyzer.frames.keys()][0]!)).toEqual(tree);
    expect(fake.calls.length).toBe(calls);
  });

  it('choosing a station leaves an opened file', async () => {
    const analyzer = useAnalyzerStore();
    fake.answer('analyzer.openCapture', { ok: true, value: opened });
    await analyzer.openCapture(new File([Uint8Array.from([1])], 'site.pcapng'));
    expect(analyzer.file?.fileName).toBe('site.pcapng');
    fake.answer('analyzer.closeCapture', { ok: true, value: {} });
    await analyzer.watchStation('s2');
    expect(fake.calls.map((c) => c.name)).toContain('analyzer.closeCapture');
    expect(analyzer.file).toBeNull();
    expect(analyzer.frames.size).toBe(0);
  });
});

describe('base64 of capture files', () => {
  it('round-trips every octet value and files larger than one encoding slice', () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 7 }, (_, i) => (i * 7) & 0xff);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(bytesToBase64(Uint8Array.from([0xff, 0xfe]))).toBe('//4=');
  });
});
