/**
 * Handlers of the analyzer's file calls: "Save as pcap" writes the analysed station's
 * recorded traffic with the pcap codec; "Open capture" decodes a file with the same
 * decoder as the CLI's `decode`, in a worker thread (the engine keeps serving meanwhile),
 * pushes its progress to the client that opened it and returns its frames in the live
 * analyzer's form, without field trees: the client fetches a frame's tree when it is
 * selected, from the capture kept open for it (OpenedCaptures).
 */
import { fileStamp } from '../../../src-shared/file-stamp';
import { MAX_OPENED_FRAMES } from '../../../src-shared/ipc/schemas/analyzer';
import type { CallRequest } from '../../../src-shared/ipc/contract';
import { fail, ok } from '../../../src-shared/ipc/result';
import type { Engine } from '../../engine';
import { DEFAULT_DECODE_PORTS, type DecodePorts } from '../../commissioning/capture-file';
import { OpenedCaptures } from '../../commissioning/capture-worker/opened-captures';
import { stationCapturePorts, trafficToPcap } from '../../engine/analyzer/traffic-pcap';
import type { Handlers } from '../router';

type AnalyzerCalls = 'analyzer.savePcap' | 'analyzer.openCapture' | 'analyzer.captureFields' | 'analyzer.closeCapture';

/** `feeder-1-20260101-120000.pcap` (local time of the host). */
function pcapFileName(station: string, at: Date): string {
  return `${station.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${fileStamp(at)}.pcap`;
}

type DecodeAs = NonNullable<CallRequest<'analyzer.openCapture'>['decodeAs']>;

/** The standard ports plus those of the workspace's stations and those the request names, by protocol. */
function decodePorts(engine: Engine, decodeAs: DecodeAs = []): DecodePorts {
  const stations = engine.workspace.workspace.stations;
  const of = (protocol: 'dnp3' | 'iec104', standard: readonly number[]): number[] => [
    ...new Set([
      ...standard,
      ...stations.flatMap((s) => (s.protocol === protocol && s.transport.kind !== 'serial' ? [s.transport.port] : [])),
      ...decodeAs.flatMap((d) => (d.protocol === protocol ? [d.port] : [])),
    ]),
  ];
  return { dnp3: of('dnp3', DEFAULT_DECODE_PORTS.dnp3), iec104: of('iec104', DEFAULT_DECODE_PORTS.iec104) };
}

/** Handlers of `analyzer.savePcap`, `analyzer.openCapture` and the opened capture's `captureFields` and `closeCapture`. */
export function analyzerHandlers(engine: Engine): Pick<Handlers, AnalyzerCalls> {
  const captures = new OpenedCaptures();
  return {
    'analyzer.savePcap': ({ station }) => {
      const runtime = engine.stations.get(station);
      if (!runtime) return fail('NOT_FOUND', `no station ${station}`);
      const recording = engine.analyzer.recording(station);
      if (!recording) return fail('NOT_ANALYSED', `station ${station} is not being analysed: choose it in the Analyzer; its traffic is recorded from then on`);
      if (recording.size === 0) return fail('NO_TRAFFIC', `no traffic of station ${station} yet since it was chosen in the Analyzer`);
      const pcap = trafficToPcap(recording.chunks(), stationCapturePorts(runtime.config));
      return ok({
        fileName: pcapFileName(station, new Date()),
        data: Buffer.from(pcap.bytes.buffer, pcap.bytes.byteOffset, pcap.bytes.byteLength).toString('base64'),
        packets: pcap.packets,
        chunks: recording.size,
        dropped: recording.droppedChunks,
        warnings: pcap.warnings,
        ...(pcap.note !== null ? { note: pcap.note } : {}),
      });
    },
    'analyzer.openCapture': async ({ fileName, data, decodeAs }, client) => {
      const progress = (done: number, total: number): void => engine.publish('analyzer.captureProgress', { fileName, done, total }, (c) => c.id === client.id);
      const decoded = await captures.open(client, Buffer.from(data, 'base64'), decodePorts(engine, decodeAs), MAX_OPENED_FRAMES, progress);
      if (!decoded.ok) return fail(decoded.error.code, `${fileName}: ${decoded.error.message}`);
      const { capture, format, frames: packets, rows, unitCount, warnings } = decoded.value;
      const notes = [...warnings];
      if (unitCount === 0) notes.push('no DNP3 or IEC 104 traffic found on the standard ports or the ports of the workspace stations');
      if (unitCount > rows.length) notes.push(`showing the first ${rows.length} of ${unitCount} frames`);
      const undecodable = rows.filter((r) => r.error !== undefined).length;
      if (undecodable > 0) notes.push(`${undecodable} frame(s) could not be wholly decoded; they are marked with their error`);
      return ok({ capture, fileName, format, packets, frames: rows, total: unitCount, warnings: notes });
    },
    'analyzer.captureFields': ({ capture, index }, client) => {
      const fields = captures.fields(client, capture, index);
      return fields.ok ? ok({ fields: fields.value }) : fail(fields.error.code, fields.error.message);
    },
    'analyzer.closeCapture': ({ capture }, client) => {
      captures.close(client, capture);
      return ok({});
    },
  };
}
