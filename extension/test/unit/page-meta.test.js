// content/page-meta.js: what the page declares about itself (canonical addresses, publication
// dates), read with a minimal document stand-in in a VM context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../../content/page-meta.js', import.meta.url), 'utf8');

function element(attrs, text = '') {
  return { getAttribute: (n) => (n in attrs ? attrs[n] : null), textContent: text };
}

function load({ one = {}, all = {}, baseURI = 'https://www.rt.com/news/1/' } = {}) {
  const document = {
    baseURI,
    querySelector: (sel) => {
      for (const [key, el] of Object.entries(one)) if (sel.startsWith(key)) return el;
      return null;
    },
    querySelectorAll: (sel) => all[sel] || [],
  };
  const context = vm.createContext({ document, URL });
  vm.runInContext(SOURCE, context);
  return context.MastheadPageMeta;
}

test('canonical link, then og:url, made absolute; other schemes and overlong addresses dropped', () => {
  const meta = load({ one: {
    'link[rel~="canonical"': element({ href: '/news/398374-russia-syria-losses-reuters/' }),
    'meta[property="og:url"': element({ content: 'javascript:alert(1)' }),
  } });
  assert.deepEqual([...meta.declaredAddresses()], ['https://www.rt.com/news/398374-russia-syria-losses-reuters/']);
  const long = load({ one: { 'link[rel~="canonical"': element({ href: `https://www.rt.com/${'a'.repeat(3000)}` }) } });
  assert.deepEqual([...long.declaredAddresses()], []);
  const broken = load({ one: { 'link[rel~="canonical"': element({ href: 'http://[' }) } });
  assert.deepEqual([...broken.declaredAddresses()], []);
});

test('dates: meta first, then JSON-LD (nested @graph), then <time>; at most four, 100 characters each', () => {
  const meta = load({
    one: {
      'meta[property="article:published_time"': element({ content: ' 2017-08-02T12:00:00Z ' }),
      'time[itemprop': element({ datetime: '2017-08-02' }),
    },
    all: { 'script[type="application/ld+json" i]': [
      element({}, JSON.stringify({ '@graph': [{ headline: 'x' }, { datePublished: '2017-08-02T11:00:00Z' }] })),
      element({}, 'not json'),
      element({}, JSON.stringify({ datePublished: 'x'.repeat(500) })),
    ] },
  });
  const dates = [...meta.declaredDates()];
  assert.deepEqual(dates.slice(0, 2), ['2017-08-02T12:00:00Z', '2017-08-02T11:00:00Z']);
  assert.equal(dates[2].length, 100);
  assert.equal(dates[3], '2017-08-02');
  assert.ok(dates.length <= 4);
});

test('findDatePublished gives up on deep or odd structures', () => {
  const meta = load();
  let deep = { datePublished: '2017-08-02' };
  for (let i = 0; i < 10; i += 1) deep = { '@graph': deep };
  assert.equal(meta.findDatePublished(deep, 0), null);
  assert.equal(meta.findDatePublished('2017', 0), null);
  assert.equal(meta.findDatePublished([null, 3, { datePublished: '2020-01-01' }], 0), '2020-01-01');
});
