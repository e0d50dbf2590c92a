/** A file attached to a training form. */
export interface Attachment {
  readonly id: number;
  readonly trainingFormId: number;
  /** The generated name the bytes are stored under. */
  readonly storedName: string;
  /** The uploader's file name, kept only as metadata (shown, offered as download name). */
  readonly originalName: string;
  /** Detected from the content, not taken from the upload. */
  readonly contentType: string;
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export type NewAttachment = Omit<Attachment, 'id'>;
