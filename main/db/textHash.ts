// A fingerprint of a text: two 32-bit FNV-1a hashes with different seeds, folded into one
// 53-bit integer (exact in JavaScript and in SQLite). Equal texts have equal fingerprints;
// different texts collide about once in 2^53. Used to tell "unchanged" from "reworded" without
// reading the texts themselves.

export function textHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
