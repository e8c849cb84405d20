// RFC 3492 Punycode decoding, step for step as Python's "punycode" codec does it (the server
// decodes xn-- labels with that codec), so both sides accept and refuse the same labels.
// Browsers offer no ToUnicode, hence this port.

const BASE = 36;
const LIMIT = 2 ** 52; // past this Python's result is certainly > U+10FFFF: an error there too

function threshold(j, bias) {
  const t = BASE * (j + 1) - bias;
  return t < 1 ? 1 : t > 26 ? 26 : t;
}

function adapt(delta, first, numchars) {
  let d = first ? Math.floor(delta / 700) : Math.floor(delta / 2);
  d += Math.floor(d / numchars);
  let divisions = 0;
  while (d > 455) {
    d = Math.floor(d / 35);
    divisions += 36;
  }
  return divisions + Math.floor((36 * d) / (d + 38));
}

/** [next position, number] of one generalized variable-length integer, or null. */
function readNumber(extended, start, bias) {
  let result = 0;
  let w = 1;
  for (let pos = start, j = 0; ; pos += 1, j += 1) {
    if (pos >= extended.length) return null; // incomplete
    const c = extended.charCodeAt(pos);
    let digit;
    if (c >= 0x41 && c <= 0x5a) digit = c - 0x41;
    else if (c >= 0x30 && c <= 0x39) digit = c - 22;
    else return null; // not a Punycode digit
    const t = threshold(j, bias);
    result += digit * w;
    if (result > LIMIT) return null;
    if (digit < t) return [pos + 1, result];
    w *= BASE - t;
  }
}

/** The Unicode text an ASCII Punycode string (the part after "xn--") encodes, or null. */
export function punycodeDecode(text) {
  if (/[^\x00-\x7f]/.test(text)) return null;
  const dash = text.lastIndexOf('-');
  const out = dash < 0 ? [] : [...text.slice(0, dash)].map((c) => c.codePointAt(0));
  const extended = (dash < 0 ? text : text.slice(dash + 1)).toUpperCase();
  let char = 0x80;
  let pos = -1;
  let bias = 72;
  for (let at = 0; at < extended.length;) {
    const read = readNumber(extended, at, bias);
    if (read === null) return null;
    const [next, delta] = read;
    pos += delta + 1;
    char += Math.floor(pos / (out.length + 1));
    if (char > 0x10ffff) return null;
    pos %= out.length + 1;
    out.splice(pos, 0, char);
    bias = adapt(delta, at === 0, out.length);
    at = next;
  }
  return String.fromCodePoint(...out);
}
