/** What storing a file produced. */
export interface StoredFile {
  /** The generated name the file is kept under; never derived from the uploader's file name. */
  readonly storedName: string;
  readonly sizeBytes: number;
  /** Lower-case hex. */
  readonly sha256: string;
}

/** Where attachment bytes live (a folder, network storage). */
export interface AttachmentStore {
  /**
   * Streams `content` into a new file. If the stream fails, or `maxBytes` is exceeded (then
   * `tooLarge` is true), no file is left behind. When the storage itself fails (full, read-only,
   * no permission, I/O error) it throws `AttachmentStorageFailedError` with the storage's error
   * as `cause`; an error of `content` itself is rethrown as it came.
   */
  save(content: AsyncIterable<Uint8Array>, maxBytes: number): Promise<StoredFile | { readonly tooLarge: true }>;

  /** The bytes of a stored file; rejects when it does not exist. */
  read(storedName: string): AsyncIterable<Uint8Array>;

  /** Removes a stored file; removing one that is already gone is not an error. */
  remove(storedName: string): Promise<void>;
}
