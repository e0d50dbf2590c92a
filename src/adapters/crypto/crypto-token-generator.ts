import { randomBytes } from 'node:crypto';
import type { TokenGenerator } from '../../domain/ports/token-generator.ts';

/** {@link TokenGenerator} on the operating system's CSPRNG: 32 random bytes, base64url. */
export class CryptoTokenGenerator implements TokenGenerator {
  token(): string {
    return randomBytes(32).toString('base64url');
  }
}
