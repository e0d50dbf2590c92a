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

/** What a refused file is, in words, for the types people most often try (by the type detected). */
const REFUSED_KINDS: Readonly<Record<string, string>> = {
  'application/x-msdownload': 'a Windows program',
  'application/x-elf': 'a Linux program',
  'application/x-mach-binary': 'a macOS program',
  'application/zip': 'a ZIP archive',
  'application/x-7z-compressed': 'a 7-Zip archive',
  'application/x-rar-compressed': 'a RAR archive',
  'application/vnd.rar': 'a RAR archive',
  'application/gzip': 'a compressed (gzip) file',
  'application/x-tar': 'a TAR archive',
  'image/svg+xml': 'an SVG drawing (it can carry scripts)',
  'image/heic': 'a HEIC photo (save it as JPEG first)',
  'image/heif': 'a HEIF photo (save it as JPEG first)',
  'audio/mpeg': 'an audio file',
  'video/mp4': 'a video',
  'video/quicktime': 'a video',
};

/** The kinds of file accepted, in words (for the message that refuses one). */
export const ALLOWED_IN_WORDS =
  'PDF, images (PNG, JPEG, GIF, WebP, TIFF, BMP), Word, Excel, PowerPoint, OpenDocument, .txt and .csv';

/**
 * Why a file was refused, in words: what it is when the server recognised it, or why plain text
 * was not accepted. `detected` is the type found in the bytes (null: none recognised).
 */
export function refusedTypeInWords(detected: string | null, originalName: string): string {
  if (detected) {
    const kind = REFUSED_KINDS[detected];
    if (kind) return `it is ${kind}, which cannot be attached`;
    if (detected.startsWith('video/')) return 'it is a video, which cannot be attached';
    if (detected.startsWith('audio/')) return 'it is an audio file, which cannot be attached';
    return 'it is a kind of file that cannot be attached';
  }
  const ext = /\.([a-z0-9]+)$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
  if (TEXT_EXTENSIONS[ext]) return `its name ends in .${ext} but it is not plain text (it has binary bytes)`;
  return 'its content is not a PDF, an image, an Office document or plain text (the name does not decide)';
}

/**
 * Types a browser shows itself (PDF viewer, image), so an attachment of one opens in the browser
 * rather than downloading. TIFF and BMP are left out: most browsers cannot show them.
 */
const VIEWABLE_INLINE: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

/** Whether an attachment of this (detected, stored) type opens in the browser. */
export function viewableInline(contentType: string): boolean {
  return VIEWABLE_INLINE.has(contentType);
}

/** The most files one upload may carry; an upload with more saves none of them. */
export const MAX_FILES_PER_UPLOAD = 10;

const TEXT_EXTENSIONS: Readonly<Record<string, string>> = { txt: 'text/plain', csv: 'text/csv' };

/**
 * The content type to record for an upload, or `null` when it is not allowed. Binary formats are
 * judged by their magic bytes; plain text (which has none) only with a .txt/.csv name and no NUL
 * or other control bytes in the sample.
 */
export function acceptedContentType(
  detected: DetectedType | null,
  originalName: string,
  head: Uint8Array,
): string | null {
  if (detected) return ALLOWED_TYPES.has(detected.mime) ? detected.mime : null;
  const ext = /\.([a-z0-9]+)$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
  const textType = TEXT_EXTENSIONS[ext];
  if (!textType) return null;
  for (const byte of head) if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) return null;
  return textType;
}

/**
 * Characters that change how a name is displayed, not what it says: bidi embeddings, overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069), directional marks (U+200E, U+200F, U+061C) and
 * zero-width characters (U+200B-U+200D, U+2060, U+FEFF). With them `invoice\u202Egnp.exe`
 * displays as `invoiceexe.png`.
 */
const INVISIBLE_FORMATTING = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/gu;

/**
 * A file name safe to show and to offer as the download name: no paths, no control characters,
 * no bidi controls or zero-width characters (removed: the name then reads as it is). Idempotent,
 * so names stored before a rule was added are cleaned the same way when read.
 */
export function cleanFileName(name: string): string {
  const last = name.replace(INVISIBLE_FORMATTING, '').split(/[\\/]/).pop() ?? '';
  const cleaned = last
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'attachment' : cleaned;
}

/** The attachment with its name as {@link cleanFileName} makes it (for rows stored before a rule). */
export function withCleanName<T extends { readonly originalName: string }>(attachment: T): T {
  const originalName = cleanFileName(attachment.originalName);
  return originalName === attachment.originalName ? attachment : { ...attachment, originalName };
}
