/**
 * Decodes one direction of a captured IEC 104 byte stream into APDUs, as the analyzer
 * does. A framing error ends the framer's view of the stream; the decoder then resumes at
 * the next captured segment (APDUs usually start segments), so later APDUs are still seen.
 */
import { describeApdu, decodeApci, ApduFramer, decodeAsdu, IEC104_PARAMS, type AsduParams } from '../iec104';
import type { CapturedFrameSink, Iec104Record } from './decoded-record';

const EMPTY = { format: null, typeId: null, cause: null, negative: false, commonAddress: null, ioas: [] as number[] } as const;

/** Stream decoder for one direction of one IEC 104 connection. */
export class Iec104StreamDecoder {
  private framer = new ApduFramer();
  private failed = false;

  /** `sink`, when given, also receives each APDU as the analyzer shows it. */
  constructor(
    private readonly params: AsduParams = IEC104_PARAMS,
    private readonly sink?: CapturedFrameSink,
  ) {}

  /** Drops a partial APDU (after a gap in the capture). */
  reset(): void {
    this.framer = new ApduFramer();
    this.failed = false;
  }

  /** Feeds the octets of capture frame `frame`; returns the records they completed. */
  push(frame: number, bytes: Uint8Array): Iec104Record[] {
    if (bytes.length === 0) return [];
    if (this.failed) this.reset();
    const result = this.framer.push(bytes);
    const out = result.frames.map((apdu) => this.record(frame, apdu));
    if (result.error) {
      this.failed = true;
      const { code, message } = result.error;
      out.push({ frame, protocol: 'iec104', ...EMPTY, ioas: [], summary: `error ${code}: ${message}`, error: code });
      const direction = this.sink?.direction ?? 'rx';
      this.sink?.frame(frame, () => ({ direction, protocol: 'iec104', summary: `error ${code}: ${message}`, bytes: bytes.slice(), error: code }));
    }
    return out;
  }

  private record(frame: number, apdu: Uint8Array): Iec104Record {
    const summary = describeApdu(apdu, 'rx', 'summary', this.params).summary;
    const direction = this.sink?.direction ?? 'rx';
    this.sink?.frame(frame, () => describeApdu(apdu, direction, 'full', this.params));
    this.sink?.unit?.(frame, apdu);
    const apci = decodeApci(apdu);
    if (!apci.ok) return { frame, protocol: 'iec104', ...EMPTY, ioas: [], summary, error: apci.error.code };
    const a = apci.value;
    if (a.format !== 'I') return { frame, protocol: 'iec104', ...EMPTY, ioas: [], format: a.format, summary };
    const asdu = decodeAsdu(a.asdu, this.params);
    if (!asdu.ok) {
      const typeId = a.asdu.length > 0 ? a.asdu[0]! : null;
      return { frame, protocol: 'iec104', ...EMPTY, ioas: [], format: 'I', typeId, summary, error: asdu.error.code };
    }
    const v = asdu.value;
    return {
      frame,
      protocol: 'iec104',
      format: 'I',
      typeId: v.typeId,
      cause: v.cause,
      negative: v.negative,
      commonAddress: v.commonAddress,
      ioas: v.objects.map((o) => o.ioa),
      summary,
    };
  }
}
