import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int, namedBits, oid, time, tlv, uint } from './der.js';

const hex = (b: Buffer): string => b.toString('hex');

test('DER encodings (X.690)', () => {
  const cases: [string, Buffer, string][] = [
    ['short length', tlv(0x04, Buffer.alloc(3)), '0403000000'],
    ['long length, 1 octet', tlv(0x04, Buffer.alloc(200)).subarray(0, 3), '0481c8'],
    ['long length, 2 octets', tlv(0x04, Buffer.alloc(300)).subarray(0, 4), '0482012c'],
    ['int 0', int(0), '020100'],
    ['int 2', int(2), '020102'],
    ['int 128 gets a 0 octet', int(128), '02020080'],
    ['int 256', int(256), '02020100'],
    ['uint strips redundant leading zeros', uint(Buffer.from([0, 0, 0x12])), '020112'],
    ['uint keeps the zero before a high bit', uint(Buffer.from([0, 0x80])), '02020080'],
    ['oid commonName', oid('2.5.4.3'), '0603550403'],
    ['oid ecdsa-with-SHA256', oid('1.2.840.10045.4.3.2'), '06082a8648ce3d040302'],
    ['oid serverAuth', oid('1.3.6.1.5.5.7.3.1'), '06082b06010505070301'],
    ['key usage keyCertSign|cRLSign', namedBits([5, 6]), '03020106'],
    ['key usage digitalSignature|keyEncipherment', namedBits([0, 2]), '030205a0'],
    ['key usage decipherOnly (bit 8)', namedBits([8]), '0303070080'],
    ['UTCTime before 2050', time(new Date('2035-01-02T03:04:05.678Z')), hex(Buffer.concat([Buffer.from([0x17, 13]), Buffer.from('350102030405Z')]))],
    ['GeneralizedTime from 2050', time(new Date('2050-01-02T03:04:05Z')), hex(Buffer.concat([Buffer.from([0x18, 15]), Buffer.from('20500102030405Z')]))],
  ];
  for (const [name, got, want] of cases) assert.equal(hex(got), want, name);
});
