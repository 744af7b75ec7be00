/**
 * Builds small pcapng files in either byte order for reader tests.
 */

/** One block: type and body (padded here to 4 bytes). */
function block(type: number, body: Uint8Array, little: boolean): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const out = new Uint8Array(12 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, little);
  view.setUint32(4, out.length, little);
  out.set(body, 8);
  view.setUint32(out.length - 4, out.length, little);
  return out;
}

function bytes(length: number, fill: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(length);
  fill(new DataView(out.buffer));
  return out;
}

/** A pcapng writer for tests. */
export class PcapngBuilder {
  private readonly blocks: Uint8Array[] = [];

  constructor(private readonly little: boolean) {
    this.blocks.push(
      block(
        0x0a0d0d0a,
        bytes(16, (v) => {
          v.setUint32(0, 0x1a2b3c4d, little);
          v.setUint16(4, 1, little);
          v.setUint16(6, 0, little);
          v.setBigInt64(8, -1n, little);
        }),
        little,
      ),
    );
  }

  /** Interface Description Block with optional if_tsresol (code 9) and if_tsoffset (code 14). */
  interface(linkType: number, options: { tsresol?: number; tsoffset?: bigint; snaplen?: number } = {}): this {
    const little = this.little;
    const opts: number[][] = [];
    if (options.tsresol !== undefined) opts.push([9, 1, options.tsresol]);
    const body = bytes(8 + (options.tsresol !== undefined ? 8 : 0) + (options.tsoffset !== undefined ? 12 : 0) + 4, (v) => {
      v.setUint16(0, linkType, little);
      v.setUint32(4, options.snaplen ?? 0, little);
      let at = 8;
      if (options.tsresol !== undefined) {
        v.setUint16(at, 9, little);
        v.setUint16(at + 2, 1, little);
        v.setUint8(at + 4, options.tsresol);
        at += 8;
      }
      if (options.tsoffset !== undefined) {
        v.setUint16(at, 14, little);
        v.setUint16(at + 2, 8, little);
        v.setBigInt64(at + 4, options.tsoffset, little);
        at += 12;
      }
      // opt_endofopt: 4 zero bytes
    });
    this.blocks.push(block(1, body, little));
    return this;
  }

  /** Enhanced Packet Block; `timestamp` in the interface's units. */
  enhanced(ifaceId: number, timestamp: bigint, data: Uint8Array, originalLength = data.length): this {
    const little = this.little;
    const body = bytes(20 + data.length, (v) => {
      v.setUint32(0, ifaceId, little);
      v.setUint32(4, Number(timestamp >> 32n), little);
      v.setUint32(8, Number(timestamp & 0xffffffffn), little);
      v.setUint32(12, data.length, little);
      v.setUint32(16, originalLength, little);
    });
    body.set(data, 20);
    this.blocks.push(block(6, body, little));
    return this;
  }

  /** Simple Packet Block (no interface id, no timestamp). */
  simple(data: Uint8Array): this {
    const body = bytes(4 + data.length, (v) => v.setUint32(0, data.length, this.little));
    body.set(data, 4);
    this.blocks.push(block(3, body, this.little));
    return this;
  }

  /** A block of a type readers must skip. */
  custom(type: number, body: Uint8Array): this {
    this.blocks.push(block(type, body, this.little));
    return this;
  }

  build(): Uint8Array {
    const total = this.blocks.reduce((n, b) => n + b.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }
}
