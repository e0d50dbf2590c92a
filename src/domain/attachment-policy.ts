import type { DetectedType } from './ports/file-type-detector.ts';

/** Binary types accepted as attachments, by the type detected from the content. */
export const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/bmp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/x-cfb',
]);

/** The most files one upload may carry; an upload with more saves none of them. */
export const MAX_FILES_PER_UPLOAD = 10;

const TEXT_EXTENSIONS: Readonly<Record<string, string>> = { txt: 'text/plain', csv: 'text/csv' };

/**
 * The content type to record for an upload, or `null` when it is not allowed. Binary formats are
 * judged by their magic bytes; plain text (which has none) only with a .txt/.csv name and no NUL
 * or other control bytes in the sample.
 */
export function acceptedContentType(detected: DetectedType | null, originalName: string, head: Uint8Array): string | null {
  if (detected) return ALLOWED_TYPES.has(detected.mime) ? detected.mime : null;
  const ext = /\.([a-z0-9]+)$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
  const textType = TEXT_EXTENSIONS[ext];
  if (!textType) return null;
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return null;
  return textType;
}

/** A file name safe to show and to offer as the download name: no paths, no control characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = last.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').trim().slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}
