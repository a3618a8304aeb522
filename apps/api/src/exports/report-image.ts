import { ImageRun } from 'docx';

/** An evidence image a report shows, with its pixel size read from its own header. */
export interface EmbeddedImage {
  type: 'png' | 'jpg';
  data: Buffer;
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** JPEG start-of-frame markers (baseline, progressive, lossless…), not DHT/JPG/DAC. */
const JPEG_FRAMES = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** The most a picture fills: the text width of an A4 page with 1-inch margins, in pixels at 96 dpi. */
const MAX_WIDTH = 600;
const MAX_HEIGHT = 800;

const sized = (type: EmbeddedImage['type'], data: Buffer, width: number, height: number) =>
  width > 0 && height > 0 ? { type, data, width, height } : null;

function jpegSize(data: Buffer): EmbeddedImage | null {
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1];
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (JPEG_FRAMES.has(marker))
      return sized('jpg', data, data.readUInt16BE(at + 7), data.readUInt16BE(at + 5));
    at += 2 + data.readUInt16BE(at + 2);
  }
  return null;
}

/**
 * The image a PNG or JPEG file is, with its size; anything else (or a header that names no size)
 * is not an image the document can embed.
 */
export function imageOf(data: Buffer): EmbeddedImage | null {
  if (
    data.length >= 24 &&
    data.subarray(0, 8).equals(PNG_SIGNATURE) &&
    data.toString('latin1', 12, 16) === 'IHDR'
  )
    return sized('png', data, data.readUInt32BE(16), data.readUInt32BE(20));
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return null;
}

/** The picture in the document: its own size, shrunk (never enlarged) to fit the page. */
export function imageRun(image: EmbeddedImage, alt: string): ImageRun {
  const scale = Math.min(1, MAX_WIDTH / image.width, MAX_HEIGHT / image.height);
  return new ImageRun({
    type: image.type,
    data: image.data,
    transformation: {
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
    },
    // The drawing's id is renumbered per document when it is packed (see fixDates).
    altText: { name: alt, description: alt },
  });
}
