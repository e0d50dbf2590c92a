import type { Kysely, Selectable } from 'kysely';
import type { Attachment, NewAttachment } from '../../../domain/attachment.ts';
import type { AttachmentRepository } from '../../../domain/ports/attachment-repository.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbTime, toDbTime } from '../connection/db-values.ts';

type AttachmentRow = Selectable<Database['attachments']>;

/** {@link AttachmentRepository} on Kysely. */
export class KyselyAttachmentRepository implements AttachmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(a: NewAttachment): Promise<Attachment> {
    const result = await this.db
      .insertInto('attachments')
      .values({
        training_form_id: a.trainingFormId,
        stored_name: a.storedName,
        original_name: a.originalName,
        content_type: a.contentType,
        size_bytes: a.sizeBytes,
        sha256: a.sha256,
        uploaded_by: a.uploadedBy,
        uploaded_at: toDbTime(a.uploadedAt),
      })
      .executeTakeFirstOrThrow();
    return { ...a, id: Number(result.insertId) };
  }

  async findById(id: number): Promise<Attachment | null> {
    const row = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? attachmentFromRow(row) : null;
  }

  async listFor(trainingFormId: number): Promise<Attachment[]> {
    const rows = await this.db
      .selectFrom('attachments')
      .selectAll()
      .where('training_form_id', '=', trainingFormId)
      .orderBy('uploaded_at')
      .orderBy('id')
      .execute();
    return rows.map(attachmentFromRow);
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('attachments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

export function attachmentFromRow(r: AttachmentRow): Attachment {
  return {
    id: r.id,
    trainingFormId: r.training_form_id,
    storedName: r.stored_name,
    originalName: r.original_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    uploadedBy: r.uploaded_by,
    uploadedAt: fromDbTime(r.uploaded_at),
  };
}
