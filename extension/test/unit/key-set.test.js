import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArticleKeySet, K_ANONYMITY, KEY_HEX_DIGITS } from '../../background/matching/key-set.js';
import { DomainIndex } from '../../background/matching/matcher.js';
import { fixture } from './helpers.js';

// A deterministic spread of 32-bit keys (a linear congruential generator).
function keys(n, seed = 7) {
  const out = new Set();
  let x = seed;
  while (out.size < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.add(x.toString(16).padStart(8, '0'));
  }
  return [...out].sort();
}

// The server's rule (server/read/key_set.py prefix_bits): the largest b at which every one
// of the 2**b buckets holds at least k keys.
function prefixBits(list, k = K_ANONYMITY) {
  let best = 0;
  for (let bits = 1; bits <= 32; bits += 1) {
    if (list.length < k * 2 ** bits) break;
    const counts = new Map();
    for (const key of list) {
      const b = Math.floor(parseInt(key, 16) / 2 ** (32 - bits));
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    if (counts.size < 2 ** bits || Math.min(...counts.values()) < k) break;
    best = bits;
  }
  return best;
}

const setOf = (list, bits = prefixBits(list)) => new ArticleKeySet({ k: K_ANONYMITY, count: list.length, prefix_bits: bits, prefix_hex_digits: Math.max(1, Math.ceil(bits / 4)), key_hex_digits: KEY_HEX_DIGITS, keys: list.join('') });

test('membership: every listed key is in, others are out (by their first 8 hex digits)', () => {
  const list = keys(3000);
  const set = setOf(list);
  for (const key of list) assert.ok(set.has(`${key}${'0'.repeat(56)}`), key);
  assert.ok(set.has(`${list[17].toUpperCase()}ffff`));
  const listed = new Set(list);
  for (const other of keys(300, 99)) {
    if (!listed.has(other)) assert.equal(set.has(`${other}${'a'.repeat(56)}`), false, other);
  }
  assert.equal(set.has(''), false);
});

test('a missing or malformed set holds nothing and names no bucket', () => {
  for (const doc of [undefined, null, {}, { keys: 'abc', key_hex_digits: 8, prefix_bits: 0 }, { keys: 'zzzzzzzz', key_hex_digits: 8, prefix_bits: 0 }, { keys: '01234567', key_hex_digits: 6, prefix_bits: 0 }]) {
    const set = new ArticleKeySet(doc);
    assert.equal(set.has('01234567'), false);
    assert.equal(set.bucketOf('01234567'), null);
  }
});

test('a set smaller than k: one bucket, "0", for every key', () => {
  const list = keys(6);
  const set = setOf(list, 0);
  for (const key of list) assert.equal(set.bucketOf(key), '0');
});

test('the bucket is the first prefix_bits bits, zero-filled to whole hex digits, and holds >= k keys', () => {
  for (const n of [50, 49, 800, 4500, 20000]) {
    const list = keys(n, n);
    const bits = prefixBits(list);
    const set = setOf(list, bits);
    const digits = Math.max(1, Math.ceil(bits / 4));
    for (const key of list.filter((_, i) => i % 97 === 0)) {
      const bucket = set.bucketOf(key);
      assert.equal(bucket.length, digits);
      const head = parseInt(key.slice(0, digits), 16);
      const drop = 4 * digits - bits;
      assert.equal(parseInt(bucket, 16), Math.floor(head / 2 ** drop) * 2 ** drop, `${key} ${bits}`);
      const sharing = list.filter((k) => Math.floor(parseInt(k, 16) / 2 ** (32 - bits)) === Math.floor(parseInt(key, 16) / 2 ** (32 - bits)));
      assert.ok(sharing.length >= Math.min(K_ANONYMITY, n), `${sharing.length} keys share ${bucket}`);
    }
  }
});

test('a bucket length that would name fewer than k keys is refused: no bucket', () => {
  const list = keys(400);
  assert.equal(prefixBits(list), 2);
  const tooLong = setOf(list, 6); // 64 buckets of ~6
  assert.equal(tooLong.bucketOf(list[0]), null);
  assert.ok(setOf(list).bucketOf(list[0]));
});

test('the domain index reads the set from the index document', () => {
  const list = keys(10);
  const index = new DomainIndex({ ...fixture('index.json'), article_keys: { k: 50, count: 10, prefix_bits: 0, prefix_hex_digits: 1, key_hex_digits: 8, keys: list.join('') } });
  assert.equal(index.articleKeys.size, 10);
  assert.ok(index.articleKeys.has(list[3]));
  assert.equal(new DomainIndex(fixture('index.json')).articleKeys.size, 0);
});

test('figures: what a bucket request gives away, counted on the set itself', () => {
  const seedLike = new ArticleKeySet({ k: 50, count: 6, prefix_bits: 0, key_hex_digits: 8, keys: ['0a000000', '3b000000', '5c000000', '7d000000', 'a0000000', 'f1000000'].join('') });
  assert.deepEqual(seedLike.figures(), { articles: 6, prefixBits: 0, hexDigits: 1, smallestBucket: 6 });
  // 6 bits: 2 hex digits, the last two bits zero; 64 buckets of 50 to 52 keys.
  const keys = [];
  for (let b = 0; b < 64; b += 1) {
    for (let i = 0; i < 50 + (b % 3); i += 1) keys.push((b * 2 ** 26 + i * 1000).toString(16).padStart(8, '0'));
  }
  const six = new ArticleKeySet({ k: 50, count: keys.length, prefix_bits: 6, key_hex_digits: 8, keys: keys.join('') });
  assert.deepEqual(six.figures(), { articles: keys.length, prefixBits: 6, hexDigits: 2, smallestBucket: 50 });
  assert.deepEqual(new ArticleKeySet(undefined).figures(), { articles: 0, prefixBits: 0, hexDigits: 1, smallestBucket: null });
});
