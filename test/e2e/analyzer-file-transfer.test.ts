/**
 * An IEC 104 file transfer in the Analyzer: a capture of our master reading a file from the
 * simulator opens with each F_* APDU summarised by its named elements, and a segment's
 * fields (NOF, NOS, LOS, the segment) highlight their octets; both themes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createIec104Master, createIec104Station, StationFiles } from '../../src-main/protocols/iec104';
import { Net } from '../unit/protocols/iec104/net';
import { writePcap } from '../unit/protocols/iec104/pcap';
import { screenshot } from './harness';
import { openAppAsAdmin } from './session';

const opened = openAppAsAdmin();

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByRole('button', { name: /Switch to .* theme/ }).click();
}

/** A capture of a directory listing and a read of a 3000-octet file in sections of 1000. */
function fileTransferCapture(): Uint8Array {
  const net = new Net();
  const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 31) & 0xff);
  const files = new StationFiles([{ nof: 1, name: 'fault-0001.cfg', bytes, modifiedMs: Date.UTC(2026, 0, 1) }]);
  const master = net.add(createIec104Master({ giOnStart: false }));
  const station = net.add(createIec104Station({ endOfInit: false, files: { files, watchMs: 0, sectionSize: 1000 } }));
  net.connect(master, 0, station, 0);
  net.advance(10);
  net.call(master, { op: 'file.list', id: 'l', directory: '' });
  net.call(master, { op: 'file.read', id: 'r', name: '4096/1', offset: 0 });
  net.advance(100);
  // Interleave the two directions in the order they were sent, which a request/answer exchange keeps.
  const packets = [];
  const m = master.sent.slice();
  const s = station.sent.slice();
  while (m.length > 0 || s.length > 0) {
    if (m.length > 0) packets.push({ fromStation: false, bytes: m.shift()!.bytes });
    if (s.length > 0) packets.push({ fromStation: true, bytes: s.shift()!.bytes });
  }
  return writePcap(packets);
}

describe('IEC 104 file transfer in the Analyzer', () => {
  it('names every file transfer element and highlights a segment, in both themes', async () => {
    const { page, dataDir } = opened.app;
    const file = join(dataDir, 'iec104-file-transfer.pcap');
    writeFileSync(file, fileTransferCapture());
    await page.locator('nav button[data-view="analyzer"]').click();
    await page.locator('input[name=analyzer-capture-file]').setInputFiles(file);
    await page.getByText('File (not live): iec104-file-transfer.pcap').waitFor({ timeout: 60_000 });
    const rows = page.locator('.frames .body .row');
    await rows.filter({ hasText: 'F_DR_TA_1 req IOA 4096 NOF=1 LOF=3000 octets SOF=status 0, file, last of directory' }).waitFor();
    await rows.filter({ hasText: 'F_SC_NA_1 file IOA 4096 NOF=1 NOS=2 SCQ=request section (0x06)' }).waitFor();
    const segment = rows.filter({ hasText: 'F_SG_NA_1 file IOA 4096 NOF=1 NOS=1 LOS=236 octets' }).first();
    await segment.click();
    const item = (name: string) => page.locator('[role=treeitem]').filter({ has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
    await item('NOF').waitFor();
    for (const name of ['NOF', 'NOS', 'LOS']) expect(await item(name).count(), name).toBe(1);
    await item('segment').click();
    await expect.poll(() => page.locator('.byte.lit').count()).toBe(236);
    for (const theme of ['dark', 'light'] as const) {
      await setTheme(page, theme);
      await screenshot(page, `analyzer-file-transfer-${theme}`);
    }
    await setTheme(page, 'dark');
  }, 120_000);
});
