import { fileTypeFromBuffer } from 'file-type';
import type { DetectedType, FileTypeDetector } from '../../domain/ports/file-type-detector.ts';

/** {@link FileTypeDetector} on the `file-type` package (magic numbers; Office formats inside zip). */
export class FileTypeMagicDetector implements FileTypeDetector {
  // file-type needs up to ~4 KB for most formats; zip-based Office files need more to find their parts.
  readonly sampleSize = 64 * 1024;

  async detect(head: Uint8Array): Promise<DetectedType | null> {
    const found = await fileTypeFromBuffer(head);
    return found ? { mime: found.mime, ext: found.ext } : null;
  }
}
