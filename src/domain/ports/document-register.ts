import type { ControlledDocument, DocumentRevision } from '../controlled-document.ts';

/** A document to add: reference already normalised (upper case, single-spaced). */
export type NewControlledDocument = Pick<ControlledDocument, 'reference' | 'title' | 'createdBy' | 'createdAt'>;
export type NewDocumentRevision = Omit<DocumentRevision, 'id'>;

/** The register of controlled documents and their revisions. */
export interface DocumentRegister {
  /**
   * Adds a document (not retired, updated by/at = created by/at) and returns it as stored.
   * Throws `DocumentReferenceTakenError` when another document has the same reference.
   */
  insertDocument(document: NewControlledDocument): Promise<ControlledDocument>;

  /** The document, retired or not; null when there is none with that id. */
  findDocument(id: number): Promise<ControlledDocument | null>;

  /** The document with exactly this (normalised) reference; null when none. */
  findDocumentByReference(reference: string): Promise<ControlledDocument | null>;

  /** Every document, ordered by reference; retired ones only with `includeRetired`. */
  listDocuments(options: { readonly includeRetired: boolean }): Promise<ControlledDocument[]>;

  /**
   * Marks a document retired by `by` at `at` (also its updated by/at) and returns it; null when
   * there is no such document. Retiring a retired document changes nothing and returns it.
   */
  retire(id: number, by: string, at: Date): Promise<ControlledDocument | null>;

  /**
   * Adds a revision and returns it as stored. Throws `RevisionExistsError` when the document
   * already has that label (the database also refuses a second revision on the same effective date).
   */
  insertRevision(revision: NewDocumentRevision): Promise<DocumentRevision>;

  /** The revision; null when none has that id. */
  findRevision(id: number): Promise<DocumentRevision | null>;

  /**
   * Every revision of the given documents, by document id, then effective date (oldest first). Unknown ids are left
   * out.
   */
  revisionsOf(documentIds: readonly number[]): Promise<DocumentRevision[]>;
}
