import type { Kysely, Selectable } from 'kysely';
import type { ControlledDocument, DocumentRevision } from '../../../domain/controlled-document.ts';
import { DocumentReferenceTakenError, RevisionExistsError } from '../../../domain/document-errors.ts';
import type {
  DocumentRegister,
  NewControlledDocument,
  NewDocumentRevision,
} from '../../../domain/ports/document-register.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { chunk, fromDbBool, fromDbTime, fromDbTimeOrNull, toDbTime } from '../connection/db-values.ts';
import { isDuplicateKey } from './duplicate-key.ts';
import { bumpMatrixGeneration } from './matrix-generation.ts';

type DocumentRow = Selectable<Database['controlled_documents']>;
type RevisionRow = Selectable<Database['document_revisions']>;

/** {@link DocumentRegister} on `controlled_documents` and `document_revisions`; ids read back, never assumed. */
export class KyselyDocumentRegister implements DocumentRegister {
  constructor(private readonly db: Kysely<Database>) {}

  async insertDocument(d: NewControlledDocument): Promise<ControlledDocument> {
    const at = toDbTime(d.createdAt);
    try {
      const result = await this.db
        .insertInto('controlled_documents')
        .values({
          reference: d.reference,
          title: d.title,
          retired: 0,
          created_by: d.createdBy,
          created_at: at,
          updated_by: d.createdBy,
          updated_at: at,
        })
        .executeTakeFirstOrThrow();
      await bumpMatrixGeneration(this.db);
      return await this.requireDocument(Number(result.insertId));
    } catch (error) {
      if (isDuplicateKey(error)) throw new DocumentReferenceTakenError(d.reference, { cause: error });
      throw error;
    }
  }

  async findDocument(id: number): Promise<ControlledDocument | null> {
    const row = await this.db.selectFrom('controlled_documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? documentFromRow(row) : null;
  }

  async findDocumentByReference(reference: string): Promise<ControlledDocument | null> {
    const row = await this.db
      .selectFrom('controlled_documents')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row ? documentFromRow(row) : null;
  }

  async listDocuments(options: { readonly includeRetired: boolean }): Promise<ControlledDocument[]> {
    let query = this.db.selectFrom('controlled_documents').selectAll().orderBy('reference').orderBy('id');
    if (!options.includeRetired) query = query.where('retired', '=', 0);
    return (await query.execute()).map(documentFromRow);
  }

  async retire(id: number, by: string, at: Date): Promise<ControlledDocument | null> {
    const time = toDbTime(at);
    const result = await this.db
      .updateTable('controlled_documents')
      .set({ retired: 1, retired_at: time, retired_by: by, updated_by: by, updated_at: time })
      .where('id', '=', id)
      .where('retired', '=', 0)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await bumpMatrixGeneration(this.db);
    return this.findDocument(id);
  }

  async insertRevision(r: NewDocumentRevision): Promise<DocumentRevision> {
    try {
      const result = await this.db
        .insertInto('document_revisions')
        .values({
          document_id: r.documentId,
          revision: r.revision,
          effective_date: r.effectiveDate,
          created_by: r.createdBy,
          created_at: toDbTime(r.createdAt),
        })
        .executeTakeFirstOrThrow();
      await bumpMatrixGeneration(this.db);
      const row = await this.db
        .selectFrom('document_revisions')
        .selectAll()
        .where('id', '=', Number(result.insertId))
        .executeTakeFirstOrThrow();
      return revisionFromRow(row);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const doc = await this.findDocument(r.documentId);
      throw new RevisionExistsError(doc?.reference ?? String(r.documentId), r.revision, { cause: error });
    }
  }

  async findRevision(id: number): Promise<DocumentRevision | null> {
    const row = await this.db.selectFrom('document_revisions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? revisionFromRow(row) : null;
  }

  async revisionsOf(documentIds: readonly number[]): Promise<DocumentRevision[]> {
    const out: DocumentRevision[] = [];
    for (const part of chunk([...new Set(documentIds)], 500)) {
      const rows = await this.db
        .selectFrom('document_revisions')
        .selectAll()
        .where('document_id', 'in', part)
        .execute();
      out.push(...rows.map(revisionFromRow));
    }
    return out.sort(
      (a, b) =>
        a.documentId - b.documentId ||
        (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0),
    );
  }

  private async requireDocument(id: number): Promise<ControlledDocument> {
    const found = await this.findDocument(id);
    if (!found) throw new Error(`controlled document ${id} not found right after its insert`);
    return found;
  }
}

function documentFromRow(r: DocumentRow): ControlledDocument {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    retired: fromDbBool(r.retired),
    retiredAt: fromDbTimeOrNull(r.retired_at),
    retiredBy: r.retired_by,
    createdBy: r.created_by,
    createdAt: fromDbTime(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: fromDbTime(r.updated_at),
  };
}

/** A revision row; `effective_date` may come back as a `Date` from a driver not set to strings. */
export function revisionFromRow(r: RevisionRow): DocumentRevision {
  return {
    id: r.id,
    documentId: r.document_id,
    revision: r.revision,
    effectiveDate: String(r.effective_date).slice(0, 10),
    createdBy: r.created_by,
    createdAt: fromDbTime(r.created_at),
  };
}
