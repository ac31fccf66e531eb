// The editor's TLSA commands with a fake user interface: which hosts are offered, what text is
// inserted where, what the verify command asks and reports, and that cancelling changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertTlsaRecord, mxHosts, OTHER_HOST, verifyMxHostTlsa, type PickItem, type TlsaUi, type ZoneDocument } from '../../client/src/tlsaCommands';
import { parseZone } from '../../server/src/service/zone/parser';
import type { VerifyOptions, VerifyOutcome } from '../../server/src/node/tlsa';
import { makeSelfSignedCertificate, OPENSSL_SKIP } from '../helpers/postfixServer';

interface Script {
  file?: string;
  /** The value to pick, or a function of the offered items. */
  pick?: string | ((items: PickItem[]) => string | undefined);
  input?: string;
  confirm?: boolean;
  insertOk?: boolean;
}

/** A fake UI that answers from a script and records every call. */
function fakeUi(script: Script) {
  const calls: { kind: string; args: unknown[] }[] = [];
  const inserted: string[] = [];
  const shown: string[] = [];
  const notes: { kind: string; message: string }[] = [];
  let offered: PickItem[] | undefined;
  let validate: ((v: string) => string | undefined) | undefined;
  let question: string | undefined;
  const ui: TlsaUi = {
    async pickFile(title) {
      calls.push({ kind: 'pickFile', args: [title] });
      return script.file;
    },
    async pick(items, placeholder) {
      calls.push({ kind: 'pick', args: [items, placeholder] });
      offered = items;
      return typeof script.pick === 'function' ? script.pick(items) : script.pick;
    },
    async input(prompt, placeholder, v) {
      calls.push({ kind: 'input', args: [prompt, placeholder] });
      validate = v;
      return script.input;
    },
    async confirm(message, action) {
      calls.push({ kind: 'confirm', args: [message, action] });
      question = message;
      return script.confirm ?? false;
    },
    show(text) {
      shown.push(text);
    },
    notify(kind, message) {
      notes.push({ kind, message });
    },
    async insert(text) {
      calls.push({ kind: 'insert', args: [text] });
      if (script.insertOk === false) return false;
      inserted.push(text);
      return true;
    },
  };
  return {
    ui,
    calls,
    inserted,
    shown,
    notes,
    kinds: () => calls.map((c) => c.kind),
    offered: () => offered,
    validate: () => validate,
    question: () => question,
  };
}

const ZONE = [
  '$ORIGIN Example.COM.',
  '$TTL 3600',
  '@ IN SOA ns1 hostmaster 1 7200 900 1209600 300',
  '@ IN NS ns1',
  '@ IN MX 20 mx2.other.net.',
  '@ IN MX 10 MX1',
  'shop IN MX 5 mx1.example.com.',
  'shop IN MX 30 example.com.',
  'old IN MX 0 .',
  'mx1 IN A 192.0.2.25',
].join('\n');

describe('MX hosts of the document', () => {
  test('each MX target once, by lowest preference, in lower case, the null MX left out', () => {
    const hosts = mxHosts(parseZone(ZONE));
    assert.deepEqual(
      hosts.map((h) => [h.host, h.preference, h.domain]),
      [
        ['mx1.example.com', 5, 'shop.example.com.'],
        ['mx2.other.net', 20, 'example.com.'],
        ['example.com', 30, 'shop.example.com.'],
      ],
    );
  });
});

describe('Insert TLSA record for certificate…', { skip: OPENSSL_SKIP }, () => {
  let dir: string;
  let cert: string;
  let digest: string;
  let other: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zonelint-tlsa-cmd-'));
    cert = makeSelfSignedCertificate(dir, 'mx1', 'mx1.example.com', { san: ['mx1.example.com'] }).cert;
    other = makeSelfSignedCertificate(dir, 'other', 'mail.example.org').cert;
    // The expected digest, independently: openssl and sha256sum.
    digest = execFileSync('/bin/sh', ['-c', `openssl x509 -in '${cert}' -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum`], { encoding: 'utf8' }).split(' ')[0];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const doc = (text: string, path?: string): ZoneDocument => ({ text, path });

  test('a host inside the origin: a relative owner on a new line at the end', async () => {
    const f = fakeUi({ file: cert, pick: 'mx1.example.com' });
    const text = await insertTlsaRecord(doc(ZONE), f.ui);
    assert.deepEqual(f.kinds(), ['pickFile', 'pick', 'insert']);
    assert.equal(text, `\n_25._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`);
    assert.deepEqual(f.inserted, [text]);
    // The inserted record parses back to the absolute owner and the digest.
    const after = parseZone(ZONE + text);
    const rec = after.records.at(-1)!;
    assert.equal(rec.owner.toLowerCase(), '_25._tcp.mx1.example.com.');
    assert.equal(rec.type, 'TLSA');
    assert.equal(after.diagnostics.filter((d) => d.severity === 'error').length, 0);
  });

  test('a host outside the origin: an absolute owner; a document ending in a newline gets none in front', async () => {
    const f = fakeUi({ file: cert, pick: 'mx2.other.net' });
    const text = await insertTlsaRecord(doc(ZONE + '\n'), f.ui);
    assert.equal(text, `_25._tcp.mx2.other.net. IN TLSA 3 1 1 ${digest}\n`);
  });

  test('the origin itself as MX host, and the origin of the last $ORIGIN', async () => {
    const apex = fakeUi({ file: cert, pick: 'example.com' });
    assert.equal(await insertTlsaRecord(doc(ZONE), apex.ui), `\n_25._tcp IN TLSA 3 1 1 ${digest}\n`);
    const moved = fakeUi({ file: cert, pick: 'mx1.example.com' });
    assert.equal(await insertTlsaRecord(doc(ZONE + '\n$ORIGIN shop.example.com.\nwww IN A 192.0.2.80\n'), moved.ui), `_25._tcp.mx1.example.com. IN TLSA 3 1 1 ${digest}\n`);
    const nested = fakeUi({ file: cert, pick: 'mx1.example.com' });
    assert.equal(await insertTlsaRecord(doc(ZONE + '\n$ORIGIN shop.example.com.\n$ORIGIN example.com.\n'), nested.ui), `_25._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`);
  });

  test('a zone without $ORIGIN takes its origin from the file name', async () => {
    const text = ['@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300', '@ IN MX 10 mx1', ''].join('\n');
    const path = join(dir, 'db.example.com');
    writeFileSync(path, text);
    const f = fakeUi({ file: cert, pick: 'mx1.example.com' });
    assert.equal(await insertTlsaRecord(doc(text, path), f.ui), `_25._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`);
  });

  test('the hosts the certificate names come first and say so; another host can be typed', async () => {
    const f = fakeUi({ file: cert, pick: OTHER_HOST, input: 'MX9.Example.com.' });
    const text = await insertTlsaRecord(doc(ZONE), f.ui);
    const items = f.offered()!;
    assert.deepEqual(items.map((i) => i.value), ['mx1.example.com', 'mx2.other.net', 'example.com', OTHER_HOST]);
    assert.match(items[0].description ?? '', /MX 5 of shop\.example\.com\. · named in the certificate/);
    assert.doesNotMatch(items[1].description ?? '', /named in the certificate/);
    assert.equal(text, `\n_25._tcp.mx9 IN TLSA 3 1 1 ${digest}\n`);
    assert.match(items.at(-1)!.description ?? '', /HOST:PORT for another port than 25/);
    assert.match(String(f.calls.find((c) => c.kind === 'input')!.args[0]), /The MX host name, and :PORT for another port than 25/);
    const validate = f.validate()!;
    assert.equal(validate('mx9.example.com'), undefined);
    assert.equal(validate(' mx9.example.com.:587 '), undefined);
    assert.match(validate('not a host')!, /'not a host' is not HOST or HOST:PORT: type it like mx1\.example\.com or mx1\.example\.com:587/);
    assert.match(validate('mx9.example.com:0')!, /is not HOST or HOST:PORT.*port 1 to 65535/);
    assert.match(validate('mx9.example.com:smtp')!, /is not HOST or HOST:PORT/);
    // The record is published under a name: no address.
    assert.match(validate('192.0.2.25')!, /'192\.0\.2\.25' is an address, but TLSA records are published under the MX host's name/);
    assert.match(validate('')!, /Type the MX host name/);
  });

  test('a typed HOST:PORT gives the owner of that port', async () => {
    const f = fakeUi({ file: cert, pick: OTHER_HOST, input: 'mx1.example.com:587' });
    assert.equal(await insertTlsaRecord(doc(ZONE), f.ui), `\n_587._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`);
    const outside = fakeUi({ file: cert, pick: OTHER_HOST, input: 'Mail.Other.NET:465' });
    assert.equal(await insertTlsaRecord(doc(ZONE), outside.ui), `\n_465._tcp.mail.other.net. IN TLSA 3 1 1 ${digest}\n`);
    // The same record at port 25 is not the one at 587.
    const zone = `${ZONE}\n_25._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`;
    const again = fakeUi({ file: cert, pick: OTHER_HOST, input: 'mx1.example.com:587' });
    assert.equal(await insertTlsaRecord(doc(zone), again.ui), `_587._tcp.mx1 IN TLSA 3 1 1 ${digest}\n`);
    const typedAddress = fakeUi({ file: cert, pick: OTHER_HOST, input: '192.0.2.25' });
    assert.equal(await insertTlsaRecord(doc(ZONE), typedAddress.ui), undefined);
    assert.deepEqual(typedAddress.inserted, []);
  });

  test('a zone without MX asks for the host at once', async () => {
    const f = fakeUi({ file: other, input: 'mail.example.org' });
    const text = await insertTlsaRecord(doc('$ORIGIN example.org.\n@ 300 IN A 192.0.2.1\n'), f.ui);
    assert.deepEqual(f.kinds(), ['pickFile', 'input', 'insert']);
    assert.match(String(f.calls[1].args[0]), /no MX record/);
    assert.match(text!, /^_25\._tcp\.mail IN TLSA 3 1 1 [0-9a-f]{64}\n$/);
    assert.doesNotMatch(text!, new RegExp(digest));
  });

  test('cancelling at any step inserts nothing', async () => {
    const noFile = fakeUi({});
    assert.equal(await insertTlsaRecord(doc(ZONE), noFile.ui), undefined);
    assert.deepEqual(noFile.kinds(), ['pickFile']);
    const noHost = fakeUi({ file: cert });
    assert.equal(await insertTlsaRecord(doc(ZONE), noHost.ui), undefined);
    assert.deepEqual(noHost.kinds(), ['pickFile', 'pick']);
    const noTyped = fakeUi({ file: cert, pick: OTHER_HOST });
    assert.equal(await insertTlsaRecord(doc(ZONE), noTyped.ui), undefined);
    assert.deepEqual(noTyped.kinds(), ['pickFile', 'pick', 'input']);
    for (const f of [noFile, noHost, noTyped]) {
      assert.deepEqual(f.inserted, []);
      assert.deepEqual(f.notes, []);
    }
  });

  test('a file that is no certificate: an error, no host asked, nothing inserted', async () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    const f = fakeUi({ file: junk, pick: 'mx1.example.com' });
    assert.equal(await insertTlsaRecord(doc(ZONE), f.ui), undefined);
    assert.deepEqual(f.kinds(), ['pickFile']);
    assert.equal(f.notes[0].kind, 'error');
    assert.match(f.notes[0].message, /no 'BEGIN CERTIFICATE' block/);
  });

  test('a CA certificate: asked first, and nothing inserted when declined', async () => {
    const ca = join(dir, 'ca.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'ca.key'), '-out', ca, '-days', '30', '-subj', '/CN=Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'ignore' });
    const declined = fakeUi({ file: ca, pick: 'mx1.example.com', confirm: false });
    assert.equal(await insertTlsaRecord(doc(ZONE), declined.ui), undefined);
    assert.deepEqual(declined.kinds(), ['pickFile', 'confirm']);
    assert.match(declined.question()!, /CN=Test Root CA is a CA certificate/);
    const accepted = fakeUi({ file: ca, pick: 'mx1.example.com', confirm: true });
    assert.match((await insertTlsaRecord(doc(ZONE), accepted.ui))!, /^\n_25\._tcp\.mx1 IN TLSA 3 1 1 [0-9a-f]{64}\n$/);
    // A self-signed server certificate (marked CA by openssl) is not asked about.
    const server = fakeUi({ file: cert, pick: 'mx1.example.com' });
    await insertTlsaRecord(doc(ZONE), server.ui);
    assert.ok(!server.kinds().includes('confirm'));
  });

  test('the same record already in the zone: said, not inserted twice', async () => {
    const zone = `${ZONE}\n_25._tcp.mx1 IN TLSA 3 1 1 ${digest.toUpperCase()}\n`;
    const f = fakeUi({ file: cert, pick: 'mx1.example.com' });
    assert.equal(await insertTlsaRecord(doc(zone, 'example.com.zone'), f.ui), undefined);
    assert.deepEqual(f.inserted, []);
    assert.equal(f.notes[0].kind, 'info');
    assert.match(f.notes[0].message, /already has this record \(example\.com\.zone:11\)/);
  });

  test('a failed edit is reported', async () => {
    const f = fakeUi({ file: cert, pick: 'mx1.example.com', insertOk: false });
    assert.equal(await insertTlsaRecord(doc(ZONE), f.ui), undefined);
    assert.match(f.notes[0].message, /could not be inserted/);
  });
});

describe('Verify TLSA records of an MX host…', () => {
  const zone = `${ZONE}\n_25._tcp.mx1 IN TLSA 3 1 1 ${'ab'.repeat(32)}\n_25._tcp.mx1 IN TLSA 2 1 1 ${'cd'.repeat(32)}\n_25._tcp.mx2 IN TLSA 3 1 1 ${'ef'.repeat(32)}\n`;
  const doc: ZoneDocument = { text: zone, path: '/zones/example.com.zone', label: 'zones/example.com.zone' };

  function fakeVerify(outcome: VerifyOutcome) {
    const seen: VerifyOptions[] = [];
    return { seen, verify: async (o: VerifyOptions) => (seen.push(o), outcome) };
  }

  test('asks before connecting, naming the host and port; declining connects nowhere', async () => {
    const f = fakeUi({ pick: 'mx1.example.com', confirm: false });
    const v = fakeVerify({ exitCode: 0, report: 'x\n' });
    assert.equal(await verifyMxHostTlsa(doc, f.ui, v), undefined);
    assert.deepEqual(f.kinds(), ['pick', 'confirm']);
    assert.match(f.question()!, /Connect to mx1\.example\.com port 25 \(SMTP\) now\?/);
    assert.match(f.question()!, /the 2 TLSA records at _25\._tcp\.mx1\.example\.com\./);
    assert.deepEqual(v.seen, []);
    assert.deepEqual(f.shown, []);
  });

  test('checks the zone records of the chosen host on port 25 and shows the report', async () => {
    const f = fakeUi({ pick: (items) => items.find((i) => i.label === 'mx1.example.com')?.value, confirm: true });
    const v = fakeVerify({ exitCode: 1, report: 'Result: no record matches.\n' });
    const outcome = await verifyMxHostTlsa(doc, f.ui, v);
    assert.equal(outcome?.exitCode, 1);
    assert.equal(v.seen.length, 1);
    const o = v.seen[0];
    assert.equal(o.host, 'mx1.example.com');
    assert.equal(o.port, 25);
    assert.equal(o.connectHost, undefined);
    assert.deepEqual(
      o.records!.map((r) => [r.where, r.usage, r.selector, r.matchingType, r.data]),
      [
        ['zones/example.com.zone:11', 3, 1, 1, 'ab'.repeat(32)],
        ['zones/example.com.zone:12', 2, 1, 1, 'cd'.repeat(32)],
      ],
    );
    assert.ok(f.shown.some((s) => s.includes('Result: no record matches.')));
    assert.equal(f.notes.at(-1)!.kind, 'error');
    assert.match(f.notes.at(-1)!.message, /TLSA check of mx1\.example\.com failed/);
  });

  test('a connection error is shown and reported', async () => {
    const f = fakeUi({ pick: 'mx2.other.net', confirm: true });
    const v = fakeVerify({ exitCode: 2, report: '', error: 'Cannot check mx2.other.net port 25: Connection to mx2.other.net:25 refused.' });
    await verifyMxHostTlsa(doc, f.ui, v);
    assert.deepEqual(v.seen[0].records, []);
    assert.ok(f.shown.some((s) => s.includes('refused')));
    assert.match(f.notes.at(-1)!.message, /refused/);
  });

  test('a typed HOST:PORT is checked at that port, with the records of _PORT._tcp.HOST, and the question and messages say the port', async () => {
    const withSubmission = `${zone}_587._tcp.mx1 IN TLSA 3 1 1 ${'12'.repeat(32)}\n`;
    const f = fakeUi({ pick: OTHER_HOST, input: 'MX1.example.com:587', confirm: true });
    const v = fakeVerify({ exitCode: 0, report: 'Result: 1 of 1 record matches\n' });
    await verifyMxHostTlsa({ ...doc, text: withSubmission }, f.ui, v);
    assert.deepEqual(f.kinds(), ['pick', 'input', 'confirm']);
    assert.match(f.question()!, /^Connect to mx1\.example\.com port 587 \(SMTP\) now\? Zonelint will look up mx1\.example\.com, connect, .* the 1 TLSA record at _587\._tcp\.mx1\.example\.com\. in this zone/);
    assert.equal(v.seen.length, 1);
    assert.equal(v.seen[0].host, 'mx1.example.com');
    assert.equal(v.seen[0].port, 587);
    assert.deepEqual(v.seen[0].records!.map((r) => [r.where, r.data]), [['zones/example.com.zone:14', '12'.repeat(32)]]);
    assert.ok(f.shown.some((s) => s.includes('Checking the TLSA records of mx1.example.com (port 587)')));
    assert.equal(f.notes.at(-1)!.kind, 'info');
    assert.match(f.notes.at(-1)!.message, /^A TLSA record of mx1\.example\.com port 587 matches its certificate/);
  });

  test('the check takes an address, as zonelint tlsa --verify does, and then looks nothing up', async () => {
    const f = fakeUi({ pick: OTHER_HOST, input: '127.0.0.1:2525', confirm: true });
    const v = fakeVerify({ exitCode: 1, report: 'Result: no record matches.\n' });
    await verifyMxHostTlsa(doc, f.ui, v);
    assert.deepEqual([v.seen[0].host, v.seen[0].port], ['127.0.0.1', 2525]);
    assert.deepEqual(v.seen[0].records, []);
    assert.match(f.question()!, /^Connect to 127\.0\.0\.1 port 2525 \(SMTP\) now\? Zonelint will connect, say EHLO/);
    assert.match(f.notes.at(-1)!.message, /The TLSA check of 127\.0\.0\.1 port 2525 failed/);
    const validate = f.validate()!;
    assert.equal(validate('[2001:db8::25]:25'), undefined);
    assert.equal(validate('mx1.example.com:65535'), undefined);
    assert.match(validate('mx1.example.com:65536')!, /is not HOST or HOST:PORT.*port 1 to 65535; an IPv6 address as \[ADDRESS\]:PORT/);
  });

  test('cancelling the host choice asks nothing more', async () => {
    const f = fakeUi({});
    const v = fakeVerify({ exitCode: 0, report: '' });
    assert.equal(await verifyMxHostTlsa(doc, f.ui, v), undefined);
    assert.deepEqual(f.kinds(), ['pick']);
    assert.deepEqual(v.seen, []);
  });
});
