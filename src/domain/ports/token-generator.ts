/** Unguessable random tokens (session ids, CSRF tokens); tests may pass a predictable one. */
export interface TokenGenerator {
  /** A URL-safe token carrying at least 256 bits of randomness. */
  token(): string;
}
