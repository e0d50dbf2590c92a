/** A file found in the upload folder. */
export interface UploadFolderEntry {
  readonly name: string;
  readonly modifiedAt: Date;
  readonly sizeBytes: number;
}

/** The upload folder as the nightly cleanup sees it: stored files and temporary (in-progress) ones. */
export interface UploadFolder {
  /** Every stored attachment file (any order). */
  listStored(): Promise<
    readonly { readonly storedName: string; readonly modifiedAt: Date; readonly sizeBytes: number }[]
  >;
  /** Removes a stored file; one already gone is not an error. */
  remove(storedName: string): Promise<void>;
  /** Temporary files of uploads being written (or cut off by a hard exit). */
  listTemporary(): Promise<readonly UploadFolderEntry[]>;
  /** Removes a temporary file; one already gone is not an error. */
  removeTemporary(name: string): Promise<void>;
}
