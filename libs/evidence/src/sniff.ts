/** What a file is, from its first bytes. */
export type Sniffed = 'pdf' | 'png' | 'jpeg' | 'zip' | 'ole' | 'executable' | 'unknown';

const SIGNATURES: [Sniffed, number[]][] = [
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['ole', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  // ELF, Mach-O (both byte orders, 32/64 bit), scripts; Windows PE below.
  ['executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['executable', [0xfe, 0xed, 0xfa, 0xce]],
  ['executable', [0xfe, 0xed, 0xfa, 0xcf]],
  ['executable', [0xce, 0xfa, 0xed, 0xfe]],
  ['executable', [0xcf, 0xfa, 0xed, 0xfe]],
  ['executable', [0x23, 0x21, 0x2f]],
];

/** Bytes needed to tell every signature above apart, and a PE's DOS header. */
export const SNIFF_BYTES = 64;

export function sniff(head: Buffer): Sniffed {
  for (const [kind, signature] of SIGNATURES) {
    if (head.length >= signature.length && signature.every((b, i) => head[i] === b)) return kind;
  }
  // "MZ" alone is two bytes any binary part (an obfuscated font…) may start with: a PE also has
  // its header offset (e_lfanew) at 0x3C pointing just past the DOS header.
  if (head.length >= 64 && head[0] === 0x4d && head[1] === 0x5a) {
    const peHeader = head.readUInt32LE(0x3c);
    if (peHeader >= 0x40 && peHeader < 0x400) return 'executable';
  }
  return 'unknown';
}

/** A nested file that must be held whole and inspected in turn. */
export const isContainer = (kind: Sniffed): kind is 'pdf' | 'zip' | 'ole' =>
  kind === 'pdf' || kind === 'zip' || kind === 'ole';
