// Answers for tests/unit/test_article_keys.py's differential test, one JSON line per case read
// from stdin ({index, url}): the outlet position, article key and via the extension's
// DomainIndex (extension/background/matching/matcher.js) gives. One process serves a test run.
import { createInterface } from 'node:readline';
import { DomainIndex } from '../../extension/background/matching/matcher.js';

for await (const line of createInterface({ input: process.stdin })) {
  const { index, url } = JSON.parse(line);
  const m = new DomainIndex(index).matchUrl(url);
  const answer = m ? { outlet: m.outletIndex, key: m.articleUrl, via: m.via } : null;
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
