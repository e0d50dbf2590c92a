import { fileTypeFromBuffer } from 'file-type';
import type { DetectedType, FileTypeDetector } from '../../domain/ports/file-type-detector.ts';

/** {@link FileTypeDetector} on the `file-type` package (magic numbers; Office formats inside zip). */
export class FileTypeMagicDetector implements FileTypeDetector {
  // file-type needs up to ~4 KB for most formats; zip-based Office files need more to find their parts.
  readonly sampleSize = 64 * 1024;

  /** `null` also when the bytes are a container cut short or malformed (file-type throws then). */
  async detect(head: Uint8Array): Promise<DetectedType | null> {
    let found: Awaited<ReturnType<typeof fileTypeFromBuffer>>;
    try {
      found = await fileTypeFromBuffer(head);
    } catch {
      // The parser reads only the buffer it is given: an error here (EndOfStreamError,
      // "Unexpected signature" on a truncated zip) says the bytes are no known format, not that
      // something failed. Unknown is what it is: the policy then refuses it (415).
      return null;
    }
    return found ? { mime: found.mime, ext: found.ext } : null;
  }
}
