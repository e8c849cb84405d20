// resolve: the front door for addresses people paste and datasets list (server/urls/resolve.py):
// trim -> refuse invisible characters left inside -> default the scheme -> canonicalize -> unwrap.

import { InvalidURL } from './errors.js';
import { canonicalize, stripText } from './canonicalize.js';
import { INVISIBLE } from './rules.js';
import { unwrapCanonical, withScheme } from './unwrap.js';

/** `raw` trimmed, checked for invisible characters and given https:// if it lacks a scheme. */
export function frontDoor(raw) {
  if (typeof raw !== 'string') canonicalize(raw); // throws the usual InvalidURL
  const text = stripText(raw);
  let position = 0;
  for (const char of text) {
    position += 1;
    const name = INVISIBLE.get(char);
    if (name) {
      const cp = char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
      throw new InvalidURL('malformed', `The URL contains an invisible character, U+${cp} ${name}, at position ${position}; delete it and try again.`);
    }
  }
  return withScheme(text, true) ?? text;
}

/** {canonical, via}: the canonical URL of an address as people write it, and how it was reached. */
export function resolve(raw) {
  const canonical = canonicalize(frontDoor(raw));
  const [, target, via] = unwrapCanonical(canonical);
  return { canonical: target, via };
}
