/** A raw IEC 104 request answered with file transfer ASDUs shows their elements by name. */
import { describe, expect, it } from 'vitest';
import { rawAnswer } from '../../../src-main/engine/commands/raw-answer';
import { decodeApci, decodeAsdu, IEC104_PARAMS } from '../../../src-main/protocols/iec104';
import { fromHex, loadVectors, type Vector } from '../protocols/iec104/vectors';

describe('raw answer of a call of the directory', () => {
  it('names each F_DR_TA_1 entry by NOF, LOF, SOF and time', () => {
    const vectors = loadVectors<Vector>('file-transfer.json');
    const apdu = fromHex((vectors.find((v) => v.name.startsWith('F_DR_TA_1 SQ=0')) as Vector).hex);
    const request = fromHex((vectors.find((v) => v.name === 'F_SC_NA_1 call directory') as Vector).hex);
    const a = decodeApci(apdu);
    const asdu = a.ok && a.value.format === 'I' ? decodeAsdu(a.value.asdu, IEC104_PARAMS) : null;
    if (!asdu?.ok) throw new Error('vector does not decode');
    const answer = rawAnswer('iec104', { request, answers: [{ apdu, asdu: asdu.value }] });
    expect(answer.objects.map((o) => [o.ioa, o.value])).toEqual([
      [4097, 'NOF=1 LOF=0 octets SOF=status 0, directory (0x40) 2026-03-04T05:06:07.089Z'],
      [4096, 'NOF=2 LOF=70000 octets SOF=status 0, file, last of directory (0x20) 2025-12-31T23:59:59.999Z'],
    ]);
  });
});
