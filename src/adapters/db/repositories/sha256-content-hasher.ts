import { createHash } from 'node:crypto';
import type { ContentHasher } from '../../../domain/ports/content-hasher.ts';

/**
 * {@link ContentHasher} over node:crypto. It lives with the database adapter because the audit log
 * seals each event inside the transaction that appends it (adapters never import each other).
 */
export class Sha256ContentHasher implements ContentHasher {
  sha256Hex(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
  }
}
