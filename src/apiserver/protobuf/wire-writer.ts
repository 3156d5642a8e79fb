// The writing half of the protobuf wire format, used to build test payloads (and a start for
// protobuf responses): fields are appended in call order, nested messages as byte arrays.

export class WireWriter {
  private chunks: number[] = [];

  varintRaw(v: bigint): this {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
    return this;
  }

  tag(field: number, wireType: number): this {
    return this.varintRaw((BigInt(field) << 3n) | BigInt(wireType));
  }

  /** An int32/int64/bool field (negative numbers take ten bytes, as in Go). */
  varint(field: number, v: number | bigint | boolean): this {
    const n = typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v);
    return this.tag(field, 0).varintRaw(n);
  }

  bytes(field: number, data: Uint8Array | string): this {
    const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    this.tag(field, 2).varintRaw(BigInt(b.length));
    for (const x of b) this.chunks.push(x);
    return this;
  }

  /** A nested message built by `fill`. */
  message(field: number, fill: (w: WireWriter) => void): this {
    const w = new WireWriter();
    fill(w);
    return this.bytes(field, w.finish());
  }

  fixed64(field: number, v: bigint): this {
    this.tag(field, 1);
    for (let i = 0n; i < 8n; i++) this.chunks.push(Number((v >> (8n * i)) & 0xffn));
    return this;
  }

  fixed32(field: number, v: number): this {
    this.tag(field, 5);
    for (let i = 0; i < 4; i++) this.chunks.push((v >>> (8 * i)) & 0xff);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

/** Wraps a message in Kubernetes' envelope: "k8s\0" + runtime.Unknown{typeMeta, raw}. */
export function envelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const u = new WireWriter()
    .message(1, (tm) => tm.bytes(1, apiVersion).bytes(2, kind))
    .bytes(2, raw)
    .bytes(3, '')
    .bytes(4, '')
    .finish();
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...u]);
}
