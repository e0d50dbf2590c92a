import type { Attachment, NewAttachment } from '../attachment.ts';

/** Attachment metadata (the `attachments` table); the bytes live in an AttachmentStore. */
export interface AttachmentRepository {
  insert(attachment: NewAttachment): Promise<Attachment>;

  /** `null` when there is none. */
  findById(id: number): Promise<Attachment | null>;

  /** The attachments of one form, oldest first. */
  listFor(trainingFormId: number): Promise<Attachment[]>;

  /** Removes the row; returns false when there was none. */
  delete(id: number): Promise<boolean>;
}
