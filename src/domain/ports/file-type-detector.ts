/** What the first bytes of a file say it is. */
export interface DetectedType {
  readonly mime: string;
  readonly ext: string;
}

/** Recognises a file type from its leading bytes (magic numbers), never from its name. */
export interface FileTypeDetector {
  /** How many leading bytes {@link detect} wants to see. */
  readonly sampleSize: number;
  /** `null` when the bytes match no known binary format. */
  detect(head: Uint8Array): Promise<DetectedType | null>;
}
