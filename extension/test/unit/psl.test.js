import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PSL_RULES, PSL_SOURCE_SHA256 } from '../../background/matching/psl-data.js';
import { hostChain, isPublicSuffix, registrableDomain } from '../../background/matching/psl.js';
import { findPslDat, parsePsl } from '../../tools/build-psl.mjs';
import { createHash } from 'node:crypto';

test('registrable domains and host chains follow the public suffix list', () => {
  assert.equal(registrableDomain('news.bbc.co.uk'), 'bbc.co.uk');
  assert.equal(registrableDomain('co.uk'), null);
  assert.equal(registrableDomain('someone.github.io'), 'someone.github.io');
  assert.equal(registrableDomain('1.2.3.4'), null);
  assert.equal(registrableDomain('foo.localhost'), 'foo.localhost');
  assert.ok(isPublicSuffix('github.io'));
  assert.ok(!isPublicSuffix('rt.com'));
  assert.deepEqual(hostChain('a.b.rt.com'), ['a.b.rt.com', 'b.rt.com', 'rt.com']);
  assert.deepEqual(hostChain('github.io'), ['github.io']);
});

const dat = findPslDat();
test('background/matching/psl-data.js is the snapshot the server uses', { skip: !dat && 'the server virtualenv is not installed' }, () => {
  const source = readFileSync(dat, 'utf8');
  assert.equal(PSL_SOURCE_SHA256, createHash('sha256').update(source).digest('hex'), 'run node tools/build-psl.mjs');
  assert.equal(PSL_RULES, parsePsl(source).join('\n'));
});
