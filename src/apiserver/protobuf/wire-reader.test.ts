// The wire reader against hand-computed encodings, plus its errors on truncated/illegal input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufDecodeError, WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

const varints: Array<[string, number[], bigint]> = [
  ['zero', [0x00], 0n],
  ['one byte', [0x7f], 127n],
  ['two bytes (300)', [0xac, 0x02], 300n],
  ['-1 as int64 (ten bytes)', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 0xffffffffffffffffn],
];

for (const [name, bytes, want] of varints) {
  test(`varint: ${name}`, () => {
    const r = new WireReader(Uint8Array.from(bytes));
    assert.equal(r.varint(), want);
    assert.ok(r.done);
  });
}

test('tag splits field number and wire type', () => {
  const r = new WireReader(Uint8Array.from([0x82, 0x01])); // field 16, wire type 2
  assert.deepEqual(r.tag(), { field: 16, wireType: 2 });
});

test('bytes, fixed64 and fixed32 read their payloads', () => {
  const buf = new WireWriter().bytes(1, 'hi').fixed64(2, 0x0102030405060708n).fixed32(3, 0xdeadbeef).finish();
  const r = new WireReader(buf);
  r.tag();
  assert.equal(new TextDecoder().decode(r.bytes()), 'hi');
  r.tag();
  assert.equal(r.fixed64(), 0x0102030405060708n);
  r.tag();
  assert.equal(r.fixed32(), 0xdeadbeef);
  assert.ok(r.done);
});

test('skip passes over every wire type, including groups', () => {
  const buf = Uint8Array.from([
    ...new WireWriter().varint(1, 5).fixed64(2, 1n).bytes(3, 'xyz').fixed32(4, 7).finish(),
    0x2b, 0x08, 0x01, 0x2c, // group 5 { field 1 = 1 }
    0x30, 0x09, // field 6 = 9
  ]);
  const r = new WireReader(buf);
  for (let i = 0; i < 5; i++) r.skip(r.tag().wireType);
  assert.deepEqual(r.tag(), { field: 6, wireType: 0 });
  assert.equal(r.varint(), 9n);
});

const malformed: Array<[string, number[], (r: WireReader) => unknown, RegExp]> = [
  ['truncated varint', [0x80], (r) => r.varint(), /unexpected EOF/],
  ['overlong varint', Array(11).fill(0xff), (r) => r.varint(), /integer overflow/],
  ['length past the end', [0x05, 0x61], (r) => r.bytes(), /unexpected EOF/],
  ['truncated fixed64', [1, 2, 3], (r) => r.fixed64(), /unexpected EOF/],
  ['truncated fixed32', [1], (r) => r.fixed32(), /unexpected EOF/],
  ['illegal wire type 7', [0x0f], (r) => r.skip(r.tag().wireType), /illegal wireType 7/],
  ['field number 0', [0x02], (r) => r.tag(), /illegal tag 0/],
];

for (const [name, bytes, op, msg] of malformed) {
  test(`malformed: ${name}`, () => {
    assert.throws(() => op(new WireReader(Uint8Array.from(bytes))), (e: unknown) => e instanceof ProtobufDecodeError && msg.test(e.message));
  });
}
