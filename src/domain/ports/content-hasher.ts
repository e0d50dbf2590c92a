/** A cryptographic digest of text, for sealing the audit trail. */
export interface ContentHasher {
  /** The SHA-256 of `text` (UTF-8), as 64 lowercase hex digits. Same input, same output, always. */
  sha256Hex(text: string): string;
}
