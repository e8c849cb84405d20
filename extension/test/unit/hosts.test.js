import { test } from 'node:test';
import assert from 'node:assert/strict';
import { punycodeDecode } from '../../background/matching/punycode.js';
import { canonicalHost } from '../../background/matching/hosts.js';
import { withScheme } from '../../background/matching/unwrap.js';

test('punycodeDecode decodes as the server\'s codec does, and refuses what it refuses', () => {
  assert.equal(punycodeDecode('n3h'), '☃');
  assert.equal(punycodeDecode('zca'), 'ß');
  assert.equal(punycodeDecode('bcher-kva'), 'bücher');
  assert.equal(punycodeDecode('e1afmkfd'), 'пример');
  assert.equal(punycodeDecode('ls8h'), '💩');
  assert.equal(punycodeDecode('rt-'), 'rt'); // plain ASCII: refused later by the host grammar
  assert.equal(punycodeDecode('a'), '\x80');
  assert.equal(punycodeDecode(''), '');
  assert.equal(punycodeDecode('-'), '');
  assert.equal(punycodeDecode('--'), '-');
  assert.equal(punycodeDecode('-w7aaerl'), 'ԛԙԟԙԡ');
  assert.equal(punycodeDecode('9999999999999999999999'), null); // incomplete
  assert.equal(punycodeDecode('ab!'), null); // not a Punycode digit
  assert.equal(punycodeDecode('tešla'), null);
  assert.equal(punycodeDecode('99999999'), null); // past U+10FFFF
});

test('the host grammar: the browser\'s leniency plus the standard form of xn-- labels', () => {
  assert.equal(canonicalHost('☃.rt.com'), 'xn--n3h.rt.com');
  assert.equal(canonicalHost('XN--N3H.rt.com'), 'xn--n3h.rt.com');
  assert.equal(canonicalHost('faß.de'), 'xn--fa-hia.de');
  assert.equal(canonicalHost('a\u00adb.com'), 'ab.com');
  assert.equal(canonicalHost('my_blog.rt.com'), 'my_blog.rt.com');
  for (const bad of ['xn--rt-.rt.com', 'xn--a.rt.com', 'xn--.rt.com', 'xn---w7aaerl.com', 'a\u200cb.com', '\u0301a.com', 'a*b.com', '\uff11\uff12\uff17.1', `${'\u00ad'.repeat(1100)}a.com`]) {
    assert.throws(() => canonicalHost(bad), (err) => err.code === 'bad_host', bad);
  }
});

test('withScheme reads addresses without a scheme as https and leaves other schemes alone', () => {
  assert.equal(withScheme('rt.com/a', true), 'https://rt.com/a');
  assert.equal(withScheme('//rt.com/a', true), 'https://rt.com/a');
  assert.equal(withScheme('https:/rt.com/a', true), 'https://rt.com/a');
  assert.equal(withScheme('HTTP:rt.com', true), 'HTTP://rt.com');
  assert.equal(withScheme('localhost:5000', true), 'https://localhost:5000');
  assert.equal(withScheme('[::1]/x', true), 'https://[::1]/x');
  assert.equal(withScheme('rt.com/a', false), null);
  assert.equal(withScheme('ftp://rt.com', true), 'ftp://rt.com');
  assert.equal(withScheme('javascript:alert(1)', true), 'javascript:alert(1)');
  assert.equal(withScheme('hello', true), null);
  assert.equal(withScheme('https:///x', true), 'https:///x');
});
