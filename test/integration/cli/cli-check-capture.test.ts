import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectivityReport, PortSweepReport } from '../../../src-main/commissioning/connectivity';
import type { Dnp3Record, Iec104Record } from '../../../src-main/protocols/capture/decoded-record';
import type { Simulator } from '../../../src-main/commissioning/target/simulator';
import { COMMANDS } from '../../../src-main/host/cli/commands';
import { makeTestPki } from '../transport/helpers/test-pki';
import { hasTshark, runCommand, tsharkFields } from './helpers/cli-run';

/**
 * One tshark DNP3 row as numbers. When a TCP segment carries several link frames (a
 * fragment's frames sent together, as a loaded machine does), tshark lists each frame's
 * source and destination, comma-separated; they are one association's, so equal.
 */
function dnp3Row(fields: string[]): number[] {
  return fields.map((field) => {
    const values = new Set(field.split(','));
    return values.size === 1 ? Number([...values][0]) : Number.NaN;
  });
}
import { closedPort, startSim } from './helpers/sims';

const run = (argv: string[]): ReturnType<typeof runCommand> => runCommand(COMMANDS, argv);

let dnp3: Simulator;
let iec104: Simulator;
let dir: string;

beforeAll(async () => {
  dnp3 = await startSim({ protocol: 'dnp3', points: 4, rate: 10 });
  iec104 = await startSim({ protocol: 'iec104', points: 4, rate: 10 });
  dir = mkdtempSync(join(tmpdir(), 'cli-capture-'));
});
afterAll(async () => {
  await dnp3.close();
  await iec104.close();
  rmSync(dir, { recursive: true, force: true });
});

const portOf = (sim: Simulator): number => Number(new URL(sim.url).port);

async function checkJson(argv: string[]): Promise<{ code: number; report: ConnectivityReport }> {
  const r = await run(['check', ...argv, '--json']);
  return { code: r.code, report: JSON.parse(r.stdout[0]!) as ConnectivityReport };
}

describe('check', () => {
  it('passes a DNP3 outstation: link status, startup, class 0 counts, g0 attributes, latency', async () => {
    const { code, report } = await checkJson([dnp3.url, '--probes', '4']);
    expect(code).toBe(0);
    expect(report.failure).toBeNull();
    const p = report.protocol;
    if (p.status === 'not-run') throw new Error('protocol not run');
    expect(p.steps.map((s) => [s.name, s.ok])).toEqual([
      ['REQUEST_LINK_STATUS', true],
      ['startup', true],
      ['integrity poll (IIN, class 0)', true],
      ['device attributes (g0)', true],
    ]);
    expect(p.objectCounts).toEqual({ g1v2: 4, g3v2: 4, g10v2: 4, g20v1: 4, g21v1: 4, g30v1: 4, g40v1: 4 });
    expect(p.latency).toMatchObject({ probes: 4 });
    expect(p.latency!.minMs).toBeLessThanOrEqual(p.latency!.avgMs);
    expect(p.latency!.avgMs).toBeLessThanOrEqual(p.latency!.maxMs);
    expect(p.device).toMatchObject({ manufacturerName: 'Switchyard' });
  });

  it('passes an IEC 104 station: TESTFR, STARTDT, GI counts by type id, time to first data', async () => {
    const { code, report } = await checkJson([iec104.url]);
    expect(code).toBe(0);
    const p = report.protocol;
    if (p.status === 'not-run') throw new Error('protocol not run');
    expect(p.steps.map((s) => s.name)).toEqual(['TESTFR act/con', 'STARTDT act/con', 'GI (CA 1)', 'time to first data']);
    expect(p.steps.every((s) => s.ok)).toBe(true);
    expect(p.objectCounts!.M_ME_NC_1).toBe(6);
    expect(p.latency!.probes).toBe(5);
  });

  it('prints a human report', async () => {
    const r = await run(['check', iec104.url, '--probes', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/latency over 2 probes: min [\d.]+ ms, avg [\d.]+ ms, max [\d.]+ ms/);
  });

  it('exits 4 with WRONG_ADDRESS for a wrong outstation address and a wrong master address', async () => {
    const { code, report } = await checkJson([`dnp3://127.0.0.1:${portOf(dnp3)}?outstation=12`, '--timeout', '1', '--probes', '1']);
    expect(code).toBe(4);
    expect(report.failure).toMatchObject({ stage: 'protocol', code: 'WRONG_ADDRESS' });
    const master = await checkJson([`dnp3://127.0.0.1:${portOf(dnp3)}?master=2`, '--timeout', '1', '--probes', '1']);
    expect(master.code).toBe(4);
    expect(master.report.failure).toMatchObject({ stage: 'protocol', code: 'WRONG_ADDRESS', message: expect.stringContaining('the device sent 10->1') });
  });

  it('exits 4 with WRONG_COMMON_ADDRESS for a wrong common address (COT 46)', async () => {
    const { code, report } = await checkJson([`iec104://127.0.0.1:${portOf(iec104)}?ca=5`, '--timeout', '1', '--probes', '1']);
    expect(code).toBe(4);
    expect(report.failure).toMatchObject({ stage: 'protocol', code: 'WRONG_COMMON_ADDRESS' });
  });

  it('exits 4 when the station closes right after accept', async () => {
    const full = await startSim({ protocol: 'iec104', maxConnections: 0 });
    try {
      const { code, report } = await checkJson([full.url, '--timeout', '1']);
      expect(code).toBe(4);
      expect(report.failure?.code).toBe('CLOSED_AFTER_ACCEPT');
    } finally {
      await full.close();
    }
  });

  it('reports TLS details of a TLS station, and exits 4 naming an unknown CA', async () => {
    const pki = makeTestPki();
    const tls = await startSim({ protocol: 'dnp3', tls: { caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key } });
    try {
      const url = (ca: string): string => `dnp3+tls://127.0.0.1:${portOf(tls)}?ca-file=${ca}&cert=${pki.client.cert}&key=${pki.client.key}`;
      const good = await checkJson([url(pki.ca.cert), '--probes', '2']);
      expect(good.code).toBe(0);
      expect(good.report.tls).toMatchObject({ ok: true, clientCertificateAccepted: true, peerCertificate: { subject: expect.stringContaining('localhost') } });
      const human = await run(['check', url(pki.ca.cert), '--probes', '1']);
      expect(human.stdout.join('\n')).toMatch(/peer .*localhost, issued by .*Switchyard Test CA.*days to expiry/);
      const wrongCa = await checkJson([url(pki.otherCa.cert), '--timeout', '2']);
      expect(wrongCa.code).toBe(4);
      expect(wrongCa.report.failure).toMatchObject({ stage: 'tls', code: 'TLS_UNKNOWN_CA' });
      // Our certificate from a CA the station does not trust: the TLS stage fails, it is not "ok TLSv1.3".
      const rejected = `dnp3+tls://127.0.0.1:${portOf(tls)}?ca-file=${pki.ca.cert}&cert=${pki.clientOtherCa.cert}&key=${pki.clientOtherCa.key}`;
      const refused = await checkJson([rejected, '--timeout', '2']);
      expect(refused.code).toBe(4);
      expect(refused.report.failure).toMatchObject({ stage: 'tls', code: 'TLS_CLIENT_CERT_REJECTED' });
      const refusedHuman = await run(['check', rejected, '--timeout', '2']);
      expect(refusedHuman.code).toBe(4);
      expect(refusedHuman.stdout.join('\n')).toMatch(/^TLS\s+FAILED/m);
      expect(refusedHuman.stdout.join('\n')).toMatch(/our client certificate rejected/);
      expect(refusedHuman.stdout.join('\n')).not.toMatch(/^TLS\s+ok/m);
      expect(refusedHuman.stderr).toEqual([expect.stringMatching(/^switchyard: check failed at tls: TLS_CLIENT_CERT_REJECTED: /)]);
    } finally {
      await tls.close();
      pki.cleanup();
    }
  });

  it('exits 4 naming WRONG_PROTOCOL for a DNP3 check of an IEC 104 port and the reverse', async () => {
    const dnp3AtIec104 = await checkJson([`dnp3://127.0.0.1:${portOf(iec104)}`, '--timeout', '1', '--probes', '1']);
    expect(dnp3AtIec104.code).toBe(4);
    expect(dnp3AtIec104.report.failure).toMatchObject({ stage: 'protocol', code: 'WRONG_PROTOCOL' });
    const iec104AtDnp3 = await checkJson([`iec104://127.0.0.1:${portOf(dnp3)}`, '--timeout', '1', '--probes', '1']);
    expect(iec104AtDnp3.code).toBe(4);
    expect(iec104AtDnp3.report.failure).toMatchObject({ stage: 'protocol', code: 'WRONG_PROTOCOL', message: expect.stringContaining('DNP3 (its first octets 05 64') });
  });

  it('exits 3 naming refused for a closed port', async () => {
    const r = await run(['check', `dnp3://127.0.0.1:${await closedPort()}`]);
    expect(r.code).toBe(3);
    expect(r.stdout[0]).toMatch(/tcp failed: REFUSED/);
    expect(r.stderr[0]).toMatch(/refused/);
    const udp = await run(['check', `dnp3+udp://127.0.0.1:${await closedPort()}`]);
    expect(udp.code).toBe(3);
    expect(udp.stderr).toEqual([expect.stringMatching(/^switchyard: check failed at udp: REFUSED: .*refused/)]);
  });

  it('sweeps the standard ports of loopback', async () => {
    const r = await run(['check', '--sweep', '127.0.0.1', '--json']);
    expect(r.code).toBe(0);
    const sweep = JSON.parse(r.stdout[0]!) as PortSweepReport;
    expect(sweep.kind).toBe('port-sweep');
    expect(sweep.ports.map((p) => `${p.port}/${p.transport}`)).toEqual(['20000/tcp', '20000/udp', '2404/tcp', '19998/tcp']);
    expect((await run(['check', '--sweep'])).code).toBe(2);
  });
});

describe('capture', () => {
  it('records a DNP3 session that tshark decodes with the same functions and addresses as ours', async () => {
    const file = join(dir, 'dnp3.pcap');
    const r = await run(['capture', dnp3.url, '--out', file, '--duration', '1.5']);
    expect(r.code).toBe(0);
    expect(r.stdout[0]).toMatch(/^captured \d+ packets in [\d.]+ s to .*dnp3\.pcap \(28 points interrogated\)$/);
    // Not the standard port: the output gives the exact tshark option, used as printed below.
    const hint = /decode with tshark -d (\S+) \(Wireshark: Decode As\)$/.exec(r.stdout[1] ?? '');
    expect(hint?.[1]).toBe(`tcp.port==${portOf(dnp3)},dnp3`);
    const decoded = await run(['decode', file, '--dnp3-port', String(portOf(dnp3)), '--json']);
    const ours = decoded.stdout.map((l) => JSON.parse(l) as Dnp3Record);
    expect(ours.length).toBeGreaterThan(8);
    expect(ours.every((o) => o.error === undefined)).toBe(true);
    expect(ours.map((o) => o.function)).toEqual(expect.arrayContaining([21, 1, 129, 20]));
    if (!hasTshark()) return;
    const decodeAs = [hint![1]!];
    expect(tsharkFields(file, decodeAs, ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
    const theirs = tsharkFields(file, decodeAs, ['frame.number', 'dnp3.src', 'dnp3.dst', 'dnp3.al.func']).filter((f) => f[3] !== '');
    expect(ours.map((o) => [o.frame, o.source, o.destination, o.function])).toEqual(theirs.map(dnp3Row));
  });

  it('records an IEC 104 session that tshark decodes with the same type ids, causes and IOAs as ours', async () => {
    const file = join(dir, 'iec104.pcap');
    const r = await run(['capture', iec104.url, '--out', file, '--duration', '1', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout[0]!) as { ports: { decodeAs: string } };
    // 4 M_ME_NC_1 points and one of each other monitor type, M_PS_NA_1 as its 16 single points.
    expect(summary).toMatchObject({ file, interrogation: { ok: true, points: 35 }, ports: { real: portOf(iec104), written: portOf(iec104), decodeAs: `tcp.port==${portOf(iec104)},iec60870_104` } });
    const decoded = await run(['decode', file, '--iec104-port', String(portOf(iec104)), '--json']);
    const ours = (decoded.stdout.map((l) => JSON.parse(l) as Iec104Record)).filter((o) => o.format === 'I');
    expect(ours.length).toBeGreaterThan(5);
    expect(ours.some((o) => o.typeId === 100 && o.cause === 7)).toBe(true);
    if (!hasTshark()) return;
    const decodeAs = [summary.ports.decodeAs];
    expect(tsharkFields(file, decodeAs, ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
    const theirs = tsharkFields(file, decodeAs, ['frame.number', 'iec60870_asdu.typeid', 'iec60870_asdu.causetx', 'iec60870_asdu.addr', 'iec60870_asdu.ioa']).filter((f) => f[1] !== '');
    // tshark lists every ASDU of a frame in one row (comma-separated); ours has one record per APDU.
    const oursByFrame = new Map<number, Iec104Record[]>();
    for (const o of ours) oursByFrame.set(o.frame, [...(oursByFrame.get(o.frame) ?? []), o]);
    expect([...oursByFrame.keys()]).toEqual(theirs.map((f) => Number(f[0])));
    for (const [frame, typeIds, causes, cas, ioas] of theirs) {
      const mine = oursByFrame.get(Number(frame))!;
      expect(mine.map((o) => o.typeId).join(',')).toBe(typeIds);
      expect(mine.map((o) => o.cause).join(',')).toBe(causes);
      expect(mine.map((o) => o.commonAddress).join(',')).toBe(cas);
      expect(mine.flatMap((o) => o.ioas).join(',')).toBe(ioas);
    }
  });

  it('records DNP3 over UDP with synthetic UDP headers that tshark decodes with the printed option', async () => {
    const udp = await startSim({ protocol: 'dnp3', points: 2, rate: 10, udp: true });
    try {
      const file = join(dir, 'dnp3-udp.pcap');
      const r = await run(['capture', udp.url, '--out', file, '--duration', '1', '--json']);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.stdout[0]!) as { ports: { decodeAs: string } };
      expect(summary).toMatchObject({ interrogation: { ok: true }, ports: { decodeAs: `udp.port==${portOf(udp)},dnp3` } });
      const ours = (await run(['decode', file, '--dnp3-port', String(portOf(udp)), '--json'])).stdout.map((l) => JSON.parse(l) as Dnp3Record);
      expect(ours.map((o) => o.function)).toEqual(expect.arrayContaining([1, 129]));
      if (!hasTshark()) return;
      expect(tsharkFields(file, [], ['frame.number'], 'tcp')).toEqual([]);
      expect(tsharkFields(file, [summary.ports.decodeAs], ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
      const theirs = tsharkFields(file, [summary.ports.decodeAs], ['frame.number', 'dnp3.src', 'dnp3.dst', 'dnp3.al.func']).filter((f) => f[3] !== '');
      expect(ours.map((o) => [o.frame, o.source, o.destination, o.function])).toEqual(theirs.map(dnp3Row));
    } finally {
      await udp.close();
    }
  });

  it('writes TLS cleartext with port 2404 / 20000, so tshark decodes IEC 104 and DNP3 over TLS without Decode As', async () => {
    const pki = makeTestPki();
    const server = { caFile: pki.ca.cert, certFile: pki.server.cert, keyFile: pki.server.key };
    const client = `&ca-file=${pki.ca.cert}&cert=${pki.client.cert}&key=${pki.client.key}`;
    const sims = [await startSim({ protocol: 'iec104', points: 2, rate: 10, tls: server }), await startSim({ protocol: 'dnp3', points: 2, rate: 10, tls: server })];
    try {
      for (const [sim, written] of [[sims[0]!, 2404], [sims[1]!, 20000]] as const) {
        const file = join(dir, `tls-${written}.pcap`);
        const human = await run(['capture', `${sim.url}${client}`, '--out', file, '--duration', '1']);
        expect(human.code).toBe(0);
        expect(human.stdout[1]).toBe(`the TLS cleartext is written with port ${written} in place of ${portOf(sim)}, so Wireshark and tshark decode it without Decode As`);
        const json = await run(['capture', `${sim.url}${client}`, '--out', file, '--duration', '1', '--json']);
        expect(JSON.parse(json.stdout[0]!)).toMatchObject({ ports: { real: portOf(sim), written, decodeAs: null } });
        // The default ports of `decode` find it too.
        const ours = (await run(['decode', file, '--json'])).stdout.map((l) => JSON.parse(l) as Dnp3Record | Iec104Record);
        expect(ours.length).toBeGreaterThan(3);
        expect(ours.every((o) => o.error === undefined)).toBe(true);
        if (!hasTshark()) continue;
        expect(tsharkFields(file, [], ['frame.number'], '_ws.malformed || _ws.expert.severity == error')).toEqual([]);
        if (written === 2404) {
          const theirs = tsharkFields(file, [], ['frame.number', 'iec60870_asdu.typeid'], 'iec60870_asdu').map((f) => Number(f[0]));
          expect(theirs).toEqual([...new Set(ours.filter((o) => o.protocol === 'iec104' && o.format === 'I').map((o) => o.frame))]);
        } else {
          const theirs = tsharkFields(file, [], ['frame.number', 'dnp3.al.func'], 'dnp3.al.func').map((f) => f.map(Number));
          expect(theirs).toEqual(ours.map((o) => [o.frame, (o as Dnp3Record).function]));
        }
      }
    } finally {
      for (const sim of sims) await sim.close();
      pki.cleanup();
    }
  });

  it('exits 2 without --out or for an unwritable file, and 3 for a refused target', async () => {
    expect((await run(['capture', dnp3.url])).code).toBe(2);
    expect((await run(['capture', dnp3.url, '--out', '/nonexistent-dir/x.pcap'])).code).toBe(2);
    const refused = await run(['capture', `iec104://127.0.0.1:${await closedPort()}`, '--out', join(dir, 'refused.pcap')]);
    expect(refused.code).toBe(3);
  });
});
