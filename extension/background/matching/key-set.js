// The index's article-key set (server/read/key_set.py): which articles have report
// links, and the bucket an article look-up names. In privacy mode the extension asks the
// server about an article only when its key is in the set, and then only by a bucket that
// the set itself shows to hold at least K_ANONYMITY keys (or every key, when there are fewer).

/** The least number of articles a bucket request may name (the server's K_ANONYMITY). */
export const K_ANONYMITY = 50;
/** Hex digits per key in the index (32 bits: a false positive for n keys is n / 2**32). */
export const KEY_HEX_DIGITS = 8;
const MAX_PREFIX_BITS = 32;

export class ArticleKeySet {
  /** @param {{k?: number, count?: number, prefix_bits?: number, key_hex_digits?: number, keys?: string} | undefined} doc */
  constructor(doc) {
    const width = doc?.key_hex_digits;
    const keys = doc?.keys;
    const bits = doc?.prefix_bits;
    this.valid = width === KEY_HEX_DIGITS && typeof keys === 'string' && keys.length % width === 0
      && /^[0-9a-f]*$/.test(keys) && Number.isInteger(bits) && bits >= 0 && bits <= MAX_PREFIX_BITS;
    this.keys = this.valid ? keys : '';
    this.size = this.keys.length / KEY_HEX_DIGITS;
    this.prefixBits = this.valid ? bits : 0;
  }

  #at(i) {
    return this.keys.slice(i * KEY_HEX_DIGITS, (i + 1) * KEY_HEX_DIGITS);
  }

  /** The first index whose key is >= short (a key of KEY_HEX_DIGITS hex digits). */
  #lowerBound(short) {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#at(mid) < short) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether an article (its url_sha256, hex) may have report links. */
  has(sha256) {
    const short = String(sha256).slice(0, KEY_HEX_DIGITS).toLowerCase();
    if (!this.valid || short.length !== KEY_HEX_DIGITS) return false;
    const i = this.#lowerBound(short);
    return i < this.size && this.#at(i) === short;
  }

  /**
   * What a bucket request gives away with this set, for the settings page to state: how many
   * articles are listed, how many bits of an article's hash a request carries (as how many hex
   * digits), and the fewest listed articles any bucket holds (null: too many buckets to count).
   */
  figures() {
    const bits = this.prefixBits;
    const hexDigits = Math.max(1, Math.ceil(bits / 4));
    let smallestBucket = null;
    if (this.valid && bits <= 16) {
      const step = 2 ** (4 * hexDigits - bits);
      for (let b = 0; b < 2 ** bits; b += 1) {
        const low = (b * step).toString(16).padStart(hexDigits, '0').padEnd(KEY_HEX_DIGITS, '0');
        const high = (b + 1) * step >= 16 ** hexDigits ? this.size
          : this.#lowerBound(((b + 1) * step).toString(16).padStart(hexDigits, '0').padEnd(KEY_HEX_DIGITS, '0'));
        const n = high - this.#lowerBound(low);
        smallestBucket = smallestBucket === null ? n : Math.min(smallestBucket, n);
      }
    }
    return { articles: this.size, prefixBits: bits, hexDigits, smallestBucket };
  }

  /**
   * The bucket to ask for: the first hex digits of the hash, the bits past prefixBits zero
   * (what the server accepts), or null when the set shows that bucket to hold fewer than
   * K_ANONYMITY of its keys (fewer than all of them, when the set is smaller): then don't ask.
   */
  bucketOf(sha256) {
    if (!this.valid) return null;
    const bits = this.prefixBits;
    const digits = Math.max(1, Math.ceil(bits / 4));
    const head = parseInt(String(sha256).slice(0, digits), 16);
    if (!Number.isFinite(head)) return null;
    const drop = 4 * digits - bits;
    const start = Math.floor(head / 2 ** drop) * 2 ** drop;
    const prefix = start.toString(16).padStart(digits, '0');
    const end = start + 2 ** drop;
    const low = prefix.padEnd(KEY_HEX_DIGITS, '0');
    const from = this.#lowerBound(low);
    const to = end >= 16 ** digits ? this.size : this.#lowerBound(end.toString(16).padStart(digits, '0').padEnd(KEY_HEX_DIGITS, '0'));
    return to - from >= Math.min(K_ANONYMITY, this.size) && to > from ? prefix : null;
  }
}
