// The normaliser used to compare named-compilezone's output with ours must not hide real
// differences: only chunking, column padding, order and name case go away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLists, normaliseList } from './normalise';

const BIND_DNSKEY = 'example.com.\t\t\t      3600 IN DNSKEY\t256 3 8 GZm+AhfiEDTnBIz5iEr/L6Y2DOjP4y2VhB8+r34tTGMKsFpN+864UWQK mIUf0gM+';
const OURS_DNSKEY = 'example.com. 3600 IN DNSKEY 256 3 8 GZm+AhfiEDTnBIz5iEr/L6Y2DOjP4y2VhB8+r34tTGMKsFpN+864UWQKmIUf0gM+';

test('chunked base64 and hex compare equal to the unchunked form', () => {
  assert.deepEqual(normaliseList([BIND_DNSKEY]), normaliseList([OURS_DNSKEY]));
  assert.deepEqual(
    normaliseList(['a.x. 300 IN TLSA 3 1 1 AB5B82BDED8728F6FA600E2DCADC41C56F6D7A92F45E95B255761452 040D32E5']),
    normaliseList(['a.x. 300 IN TLSA 3 1 1 ab5b82bded8728f6fa600e2dcadc41c56f6d7a92f45e95b255761452040d32e5']),
  );
  assert.deepEqual(normaliseList(['a.x. 300 IN TYPE65280 \\# 4 0A00 0001']), normaliseList(['a.x. 300 IN TYPE65280 \\# 4 0a000001']));
});

test('differences in fixed fields, base64 case and quoted text remain', () => {
  const ne = (a: string, b: string) => assert.notDeepEqual(normaliseList([a]), normaliseList([b]));
  ne(OURS_DNSKEY, OURS_DNSKEY.replace('256 3 8', '257 3 8'));
  ne(OURS_DNSKEY, OURS_DNSKEY.replace('GZm+', 'gzm+'));
  // "25 6" vs "256": a field boundary moved into the blob is a difference.
  ne('a.x. 300 IN DS 1 8 2 AABB', 'a.x. 300 IN DS 1 82 AABB');
  ne('a.x. 300 IN TXT "a  b"', 'a.x. 300 IN TXT "a b"');
  ne('a.x. 300 IN TXT "Hello"', 'a.x. 300 IN TXT "hello"');
  ne('a.x. 300 IN TXT "a" "b"', 'a.x. 300 IN TXT "a b"');
  ne('a.x. 300 IN A 192.0.2.1', 'a.x. 301 IN A 192.0.2.1');
});

test('order, padding, comments and name case do not matter', () => {
  const bind = ['; resign=20300101000000', 'B.x.\t\t300 IN\tA\t192.0.2.2', 'a.x. 300 IN NS NS1.X.'];
  const ours = ['a.x. 300 IN NS ns1.x.', 'b.x. 300 IN A 192.0.2.2'];
  assert.deepEqual(diffLists(normaliseList(bind), normaliseList(ours)), { onlyBind: [], onlyOurs: [] });
});

test('harmonised TTLs: an RRset takes its first TTL, RRSIGs by covered type', () => {
  const lines = ['a.x. 300 IN A 192.0.2.1', 'a.x. 60 IN A 192.0.2.2', 'a.x. 60 IN TXT "t"', 'a.x. 60 IN A 192.0.2.1'];
  assert.deepEqual(normaliseList(lines, { harmoniseTtls: true }), ['a.x. 300 IN A 192.0.2.1', 'a.x. 300 IN A 192.0.2.2', 'a.x. 60 IN TXT "t"']);
});
