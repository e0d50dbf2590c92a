/** Small files of real types for upload tests: what the file-type detector sees is what it would see in use. */

/** A minimal PDF: header, one empty object, `padding` spaces, trailer. */
export const samplePdf = (padding: number): Buffer =>
  Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'),
    Buffer.alloc(padding, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a4f8d8f60000000049454e44ae426082',
  'hex',
);

/** The start of a Windows executable (`MZ`): a type no policy admits. */
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
