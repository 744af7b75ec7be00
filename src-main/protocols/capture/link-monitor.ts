/**
 * Decodes both directions of one observed master<->outstation connection as they pass
 * (the passive monitor's relay): each direction has its own stream decoder, so a frame
 * split across chunks, or two frames in one chunk, decode as on the wire. `tx` is the
 * master's direction (towards the outstation), `rx` the outstation's.
 */
import type { AnalyzerFrame, PointUpdate } from '../../../src-shared/session';
import type { DecodedRecord } from './decoded-record';
import { Dnp3StreamDecoder } from './dnp3-stream';
import { Iec104StreamDecoder } from './iec104-stream';
import { monitorPoints } from './monitor-points';

/** Where a link monitor reports what it decoded. */
export interface LinkMonitorSink {
  /** A link frame (DNP3) or APDU (IEC 104); `describe` gives its field tree (call only when wanted). */
  frame(frame: number, direction: 'tx' | 'rx', describe: () => AnalyzerFrame): void;
}

/** What one push completed: the records, then the values their units carried. */
export interface LinkMonitorOutput {
  records: DecodedRecord[];
  /** Values carried by a response (DNP3) or monitor-direction ASDU (IEC 104), by frame. */
  values: Array<{ frame: number; updates: PointUpdate[] }>;
}

type Direction = 'tx' | 'rx';

/** Both directions of one connection being observed. */
export class LinkMonitor {
  private readonly decoders: Record<Direction, Dnp3StreamDecoder | Iec104StreamDecoder>;
  private wallMs = 0;
  private values: LinkMonitorOutput['values'] = [];

  constructor(
    readonly protocol: 'dnp3' | 'iec104',
    sink: LinkMonitorSink,
  ) {
    const make = (direction: Direction): Dnp3StreamDecoder | Iec104StreamDecoder => {
      const s = {
        direction,
        frame: (frame: number, describe: () => AnalyzerFrame) => sink.frame(frame, direction, describe),
        unit: (frame: number, bytes: Uint8Array) => {
          const updates = monitorPoints(protocol, bytes, this.wallMs);
          if (updates.length > 0) this.values.push({ frame, updates });
        },
      };
      return protocol === 'dnp3' ? new Dnp3StreamDecoder(s) : new Iec104StreamDecoder(undefined, s);
    };
    this.decoders = { tx: make('tx'), rx: make('rx') };
  }

  /**
   * Feeds octets that crossed in `direction`, numbered `frame` (the capture frame that
   * carries them), seen at `wallMs` (ms since the epoch); returns the records completed
   * and the values they carried.
   */
  push(direction: Direction, frame: number, bytes: Uint8Array, wallMs: number): LinkMonitorOutput {
    this.wallMs = wallMs;
    this.values = [];
    const records = this.decoders[direction].push(frame, bytes);
    return { records, values: this.values };
  }
}
