/**
 * Opening a capture shows the engine's progress: the store takes analyzer.captureProgress
 * reports for the file being opened only, and the progress line says in words how far
 * decoding has come (sending, n of m packets, preparing the frames).
 */
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import CaptureProgress from '../../../../src-renderer/components/analyzer/CaptureProgress.vue';
import { useAnalyzerStore } from '../../../../src-renderer/stores/analyzer';
import { fakeContract, type FakeContract } from '../fake-contract';

let fake: FakeContract;
beforeEach(() => {
  setActivePinia(createPinia());
  fake = fakeContract();
});

describe('capture progress', () => {
  it('follows the reports of the file being opened, and clears when it is open', async () => {
    const analyzer = useAnalyzerStore();
    analyzer.start();
    let answer: (value: unknown) => void = () => undefined;
    fake.client.call = ((name: string) => (name === 'analyzer.openCapture' ? new Promise((resolve) => (answer = resolve)) : Promise.resolve({ ok: true, value: {} }))) as never;
    const opened = analyzer.openCapture(new File([new Uint8Array(64)], 'big.pcap'));
    await new Promise((r) => setTimeout(r, 0));
    expect(analyzer.opening).toEqual({ fileName: 'big.pcap', done: 0, total: 0 });
    fake.emit('analyzer.captureProgress', { fileName: 'other.pcap', done: 5, total: 10 });
    expect(analyzer.opening).toEqual({ fileName: 'big.pcap', done: 0, total: 0 });
    fake.emit('analyzer.captureProgress', { fileName: 'big.pcap', done: 2048, total: 10_035 });
    expect(analyzer.opening).toEqual({ fileName: 'big.pcap', done: 2048, total: 10_035 });
    answer({ ok: true, value: { fileName: 'big.pcap', format: 'pcap', packets: 10_035, frames: [], total: 0, warnings: [] } });
    await opened;
    expect(analyzer.opening).toBeNull();
  });

  it('says how far decoding has come, in words beside the bar', () => {
    const text = (done: number, total: number) => mount(CaptureProgress, { props: { opening: { fileName: 'a.pcap', done, total } } }).text();
    expect(text(0, 0)).toBe('Opening a.pcap: sending it to the engine and decoding…');
    expect(text(2048, 10_035)).toBe('Opening a.pcap: decoded 2,048 of 10,035 packets (20 %)');
    expect(text(10_035, 10_035)).toBe('Opening a.pcap: 10,035 packets decoded, preparing the frames…');
  });
});
