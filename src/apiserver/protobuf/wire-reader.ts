// A minimal reader for the protobuf wire format (varint, 64-bit, length-delimited, 32-bit), so the
// API server can read Kubernetes' protobuf request bodies without a protobuf library. Errors use
// the wording of gogo-protobuf's generated Unmarshal code, which is what kube-apiserver reports.

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** Malformed protobuf input (becomes a 400 at the HTTP layer). */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

export interface Tag {
  field: number;
  wireType: number;
}

export class WireReader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A varint as an unsigned 64-bit BigInt (callers narrow it). */
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (shift >= 70n) throw new ProtobufDecodeError('proto: integer overflow');
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError('unexpected EOF');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
  }

  tag(): Tag {
    const v = this.varint();
    const field = Number(v >> 3n);
    const wireType = Number(v & 7n);
    if (wireType === 4) throw new ProtobufDecodeError('proto: wiretype end group for non-group');
    if (field <= 0) throw new ProtobufDecodeError(`proto: illegal tag ${field} (wire type ${wireType})`);
    return { field, wireType };
  }

  /** The payload of a length-delimited field. */
  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtobufDecodeError('proto: negative length found during unmarshaling');
    const end = this.pos + Number(len);
    if (end > this.buf.length) throw new ProtobufDecodeError('unexpected EOF');
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  fixed64(): bigint {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos - 8, 8);
    return v.getBigUint64(0, true);
  }

  fixed32(): number {
    this.need(4);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos - 4, 4);
    return v.getUint32(0, true);
  }

  /** Skips one field's value (unknown fields must not break decoding). */
  skip(wireType: number): void {
    if (wireType === WIRE_VARINT) this.varint();
    else if (wireType === WIRE_FIXED64) this.need(8);
    else if (wireType === WIRE_BYTES) this.bytes();
    else if (wireType === WIRE_FIXED32) this.need(4);
    else if (wireType === 3) this.skipGroup();
    else throw new ProtobufDecodeError(`proto: illegal wireType ${wireType}`);
  }

  private skipGroup(): void {
    for (;;) {
      if (this.done) throw new ProtobufDecodeError('unexpected EOF');
      const v = this.varint();
      const wt = Number(v & 7n);
      if (wt === 4) return;
      this.skip(wt);
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtobufDecodeError('unexpected EOF');
    this.pos += n;
  }
}

/** Reads every field of a message, calling `onField` with the reader positioned at the value. */
export function forEachField(buf: Uint8Array, onField: (tag: Tag, r: WireReader) => void): void {
  const r = new WireReader(buf);
  while (!r.done) onField(r.tag(), r);
}
