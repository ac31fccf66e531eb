import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { analyseKey, decodeKeyData, readDkimKeyRecord, tagValueList } from '../../server/src/service/mail/dkim';

function rsaKey(bits: number): { spki: string; pkcs1: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    pkcs1: publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
  };
}

function ed25519Key(): { spki: Buffer; raw: Buffer } {
  const spki = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
  return { spki, raw: spki.subarray(spki.length - 32) };
}

function bytesOf(text: string): Uint8Array {
  const data = decodeKeyData(text);
  assert.equal(data.fault, undefined, `unexpected fault ${JSON.stringify(data.fault)}`);
  assert.ok(data.bytes);
  return data.bytes;
}

test('the modulus size of RSA keys made by node:crypto is read from the SubjectPublicKeyInfo', () => {
  for (const bits of [512, 1024, 1536, 2048]) {
    const { spki } = rsaKey(bits);
    assert.deepEqual(analyseKey(bytesOf(spki)), { kind: 'rsa', bits, bare: false }, `${bits} bits`);
  }
});

test('a bare RSAPublicKey (PKCS #1), which some publish, is read too', () => {
  for (const bits of [1024, 2048]) {
    assert.deepEqual(analyseKey(bytesOf(rsaKey(bits).pkcs1)), { kind: 'rsa', bits, bare: true });
  }
});

test('Ed25519: 32 raw octets are the key; the SubjectPublicKeyInfo form gives back those octets', () => {
  const { spki, raw } = ed25519Key();
  assert.deepEqual(analyseKey(bytesOf(raw.toString('base64')), true), { kind: 'ed25519', octets: 32 });
  const wrapped = analyseKey(bytesOf(spki.toString('base64')), true);
  assert.equal(wrapped.kind, 'ed25519-spki');
  assert.deepEqual(Buffer.from((wrapped as { raw: Uint8Array }).raw), raw);
  // Without k=ed25519, 32 octets are still recognised for what they are.
  assert.equal(analyseKey(bytesOf(raw.toString('base64'))).kind, 'ed25519');
  // 31 octets are no Ed25519 key.
  assert.deepEqual(analyseKey(bytesOf(raw.subarray(1).toString('base64')), true), { kind: 'invalid', octets: 31 });
});

test('keys of other algorithms, cut-off keys and random data are told apart', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
  const other = analyseKey(new Uint8Array(ec));
  assert.equal(other.kind, 'other-algorithm');
  assert.match((other as { name: string }).name, /elliptic-curve/);
  const der = Buffer.from(rsaKey(1024).spki, 'base64');
  assert.deepEqual(analyseKey(new Uint8Array(der.subarray(0, der.length - 10))), { kind: 'invalid', octets: der.length - 10 });
  // A leading 0x30 makes random data look like a SEQUENCE at first sight.
  const random = randomBytes(100);
  random[0] = 0x30;
  assert.equal(analyseKey(new Uint8Array(random)).kind, 'invalid');
});

test('blanks inside p= are allowed (RFC 6376 §3.6.1 FWS) and missing padding is supplied', () => {
  const { spki } = rsaKey(1024);
  const spaced = spki.slice(0, 50) + ' \t' + spki.slice(50, 120) + '\r\n ' + spki.slice(120);
  assert.deepEqual(Buffer.from(bytesOf(spaced)), Buffer.from(spki, 'base64'));
  const { raw } = ed25519Key();
  const unpadded = raw.toString('base64').replace(/=+$/, '');
  assert.deepEqual(Buffer.from(bytesOf(unpadded)), raw);
});

test('PEM armour is found with the blanks that go with it, and the key between is decoded', () => {
  const { spki } = rsaKey(1024);
  const value = `-----BEGIN PUBLIC KEY----- ${spki} -----END PUBLIC KEY-----`;
  const data = decodeKeyData(value);
  assert.equal(data.fault?.kind, 'armour');
  const fault = data.fault as { ranges: { start: number; end: number }[]; strip: { start: number; end: number }[]; restValid: boolean };
  assert.deepEqual(
    fault.ranges.map((r) => value.slice(r.start, r.end)),
    ['-----BEGIN PUBLIC KEY-----', '-----END PUBLIC KEY-----'],
  );
  // What is left after removing the strip ranges is exactly the key.
  let rest = value;
  for (const r of [...fault.strip].reverse()) rest = rest.slice(0, r.start) + rest.slice(r.end);
  assert.equal(rest, spki);
  assert.equal(fault.restValid, true);
  assert.deepEqual(Buffer.from(data.bytes!), Buffer.from(spki, 'base64'));
  // Armour around something that is not base64 has nothing valid between.
  assert.equal((decodeKeyData('-----BEGIN PUBLIC KEY-----not a key!-----END PUBLIC KEY-----').fault as { restValid: boolean }).restValid, false);
});

test('quotes, placeholders, stray characters and bad lengths are faults at their exact place', () => {
  const { raw } = ed25519Key();
  const key = raw.toString('base64');
  const quoted = decodeKeyData(`"${key}"`);
  assert.deepEqual(quoted.fault, { kind: 'quotes', ranges: [{ start: 0, end: 1 }, { start: key.length + 1, end: key.length + 2 }], restValid: true });
  assert.deepEqual(decodeKeyData('<public key>').fault, { kind: 'character', ranges: [{ start: 0, end: 12 }], character: '<public key>', placeholder: true });
  const bad = key.slice(0, 7) + '_' + key.slice(8);
  assert.deepEqual(decodeKeyData(bad).fault, { kind: 'character', ranges: [{ start: 7, end: 8 }], character: '_', placeholder: false });
  assert.equal(decodeKeyData(key.slice(0, 41)).fault?.kind, 'length');
  const middle = decodeKeyData('QUJD=RUZH');
  assert.deepEqual(middle.fault, { kind: 'length', ranges: [{ start: 4, end: 5 }], characters: 9, padding: true });
  assert.deepEqual(decodeKeyData('QUJDR').fault, { kind: 'length', ranges: [{ start: 0, end: 5 }], characters: 5, padding: false });
  // Bits a last character has over are dropped, as verifiers' decoders drop them: no base64 fault.
  assert.deepEqual(decodeKeyData('QUJDRR'), { bytes: Uint8Array.from([0x41, 0x42, 0x43, 0x45]) });
});

test('key record tags: first of each name, duplicates, elements without =, unknown and case-sensitive names', () => {
  const r = readDkimKeyRecord('v=DKIM1; K=rsa; k=ed25519 ; p=abc; k=rsa; junk; x=1;');
  assert.equal(r.version?.value, 'DKIM1');
  assert.equal(r.keyType?.value, 'ed25519');
  assert.equal(r.key?.value, 'abc');
  assert.deepEqual(r.duplicates.map((t) => `${t.name}=${t.value}`), ['k=rsa']);
  assert.deepEqual(r.bare.map((t) => t.name), ['junk']);
  // Tag names are case-sensitive: K= is not k=.
  assert.deepEqual(r.unknown.map((t) => t.name), ['K', 'x']);
  assert.deepEqual(tagValueList(' sha1 : sha256 '), ['sha1', 'sha256']);
});
