// The one error every URL function throws, with the server's stable codes (server/urls/errors.py).

export const MAX_URL_LENGTH = 2048;

export class InvalidURL extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'InvalidURL';
    this.code = code;
  }
}

const codePointLength = (s) => {
  let n = 0;
  for (const _ of s) n += 1; // eslint-disable-line no-unused-vars
  return n;
};

export { codePointLength };

/** `s` cut to `max` code points with "..." when longer (Python's shorten). */
export function shorten(s, max = 80) {
  return codePointLength(s) <= max ? s : `${[...s].slice(0, max - 3).join('')}...`;
}
