// Answers for tests/unit/urls/test_hosts.py, one JSON line per host read from stdin: what the
// WHATWG URL parser (Node's new URL()) makes of the host, and what the extension's host grammar
// (extension/background/matching/hosts.js) makes of it. One process serves a whole test run.
import { createInterface } from 'node:readline';
import { canonicalHost } from '../../../extension/background/matching/hosts.js';

function whatwg(host) {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

function extension(host) {
  try {
    return canonicalHost(host);
  } catch (err) {
    if (err?.name !== 'InvalidURL') throw err;
    return `!${err.code}`;
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const host = JSON.parse(line);
  process.stdout.write(`${JSON.stringify({ whatwg: whatwg(host), extension: extension(host) })}\n`);
}
