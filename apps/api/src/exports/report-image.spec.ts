import { imageOf } from './report-image';

const png = (width: number, height: number) => {
  const header = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
};

const segment = (marker: number, body: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};

const jpeg = (frameMarker: number, width: number, height: number) => {
  const frame = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 1);
  frame.writeUInt16BE(width, 3);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    // A Huffman table (0xC4) sits among the frame markers' numbers but is not a frame.
    segment(0xc4, Buffer.alloc(20, 3)),
    segment(frameMarker, frame),
    Buffer.from([0xff, 0xd9]),
  ]);
};

describe('the size of an evidence image, from its own header', () => {
  it('reads a PNG’s IHDR', () => {
    expect(imageOf(png(640, 480))).toMatchObject({ type: 'png', width: 640, height: 480 });
  });

  it('reads a baseline or progressive JPEG’s frame header, past other segments', () => {
    expect(imageOf(jpeg(0xc0, 1200, 600))).toMatchObject({ type: 'jpg', width: 1200, height: 600 });
    expect(imageOf(jpeg(0xc2, 33, 77))).toMatchObject({ type: 'jpg', width: 33, height: 77 });
  });

  it('embeds nothing that is not a sized PNG or JPEG', () => {
    expect(imageOf(Buffer.from('%PDF-1.4\n'))).toBeNull();
    expect(imageOf(png(0, 10))).toBeNull();
    expect(imageOf(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});
