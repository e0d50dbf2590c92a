import {
  CONTROLLED_DOCUMENT_ENTITY,
  currentRevision,
  utcDate,
  type ControlledDocument,
  type DocumentRevision,
  type RegisteredDocument,
} from './controlled-document.ts';
import {
  DocumentNotFoundError,
  DocumentReferenceTakenError,
  DocumentRetiredError,
  RevisionExistsError,
} from './document-errors.ts';
import { validateDocument, validateRevision, type DocumentInput, type RevisionInput } from './document-validation.ts';
import type { Clock } from './ports/clock.ts';
import type { RegisterReaders, RegisterUnitOfWork } from './ports/register-unit-of-work.ts';

type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * The register of controlled documents: create, issue a revision, retire. Every change writes an
 * audit event (entity `controlled_document`, `details.changes` with old and new values) in the
 * same transaction.
 */
export class DocumentRegisterService {
  constructor(private readonly deps: { readonly uow: RegisterUnitOfWork; readonly clock: Clock }) {}

  /**
   * Registers a document with its first revision. Throws `ValidationError` (every bad field) or
   * {@link DocumentReferenceTakenError}.
   */
  async create(input: DocumentInput, actor: string): Promise<RegisteredDocument> {
    const fields = validateDocument(input);
    const at = this.deps.clock.now();
    return this.deps.uow.run(async (tx) => {
      if (await tx.documents.findDocumentByReference(fields.reference))
        throw new DocumentReferenceTakenError(fields.reference);
      const document = await tx.documents.insertDocument({
        reference: fields.reference,
        title: fields.title,
        createdBy: actor,
        createdAt: at,
      });
      const revision = await tx.documents.insertRevision({
        documentId: document.id,
        revision: fields.revision,
        effectiveDate: fields.effectiveDate,
        createdBy: actor,
        createdAt: at,
      });
      const changes: Changes = {};
      for (const key of ['reference', 'title', 'revision', 'effectiveDate'] as const)
        changes[key] = { from: null, to: fields[key] };
      await tx.audit.record(event(at, actor, 'create', document.id, changes));
      return registered(document, [revision], utcDate(at));
    });
  }

  /**
   * Issues a new revision, effective after the latest one. Throws {@link DocumentNotFoundError},
   * {@link DocumentRetiredError}, `ValidationError` or {@link RevisionExistsError}.
   */
  async issueRevision(documentId: number, input: RevisionInput, actor: string): Promise<RegisteredDocument> {
    const at = this.deps.clock.now();
    return this.deps.uow.run(async (tx) => {
      const document = await requireDocument(tx, documentId);
      if (document.retired) throw new DocumentRetiredError(document.reference);
      const existing = await tx.documents.revisionsOf([documentId]);
      const fields = validateRevision(input, existing);
      if (existing.some((r) => r.revision === fields.revision))
        throw new RevisionExistsError(document.reference, fields.revision);
      const revision = await tx.documents.insertRevision({ documentId, ...fields, createdBy: actor, createdAt: at });
      const latest = existing.at(-1) ?? null;
      await tx.audit.record(
        event(at, actor, 'revise', documentId, {
          revision: { from: latest?.revision ?? null, to: revision.revision },
          effectiveDate: { from: latest?.effectiveDate ?? null, to: revision.effectiveDate },
        }),
      );
      return registered(document, [...existing, revision], utcDate(at));
    });
  }

  /** Retires a document. Throws {@link DocumentNotFoundError}, or {@link DocumentRetiredError} when it already is. */
  async retire(documentId: number, actor: string): Promise<ControlledDocument> {
    const at = this.deps.clock.now();
    return this.deps.uow.run(async (tx) => {
      const before = await requireDocument(tx, documentId);
      if (before.retired) throw new DocumentRetiredError(before.reference);
      const after = (await tx.documents.retire(documentId, actor, at)) ?? before;
      await tx.audit.record(event(at, actor, 'retire', documentId, { retired: { from: false, to: true } }));
      return after;
    });
  }

  /** A document with its revisions and the one current today. Throws {@link DocumentNotFoundError}. */
  async get(documentId: number): Promise<RegisteredDocument> {
    const today = utcDate(this.deps.clock.now());
    return this.deps.uow.read(async (tx) =>
      registered(await requireDocument(tx, documentId), await tx.documents.revisionsOf([documentId]), today),
    );
  }

  /** The register, by reference, each document with its revisions and current revision. */
  async list(options: { readonly includeRetired?: boolean } = {}): Promise<RegisteredDocument[]> {
    const today = utcDate(this.deps.clock.now());
    return this.deps.uow.read(async (tx) => {
      const documents = await tx.documents.listDocuments({ includeRetired: options.includeRetired ?? false });
      const revisions = await tx.documents.revisionsOf(documents.map((d) => d.id));
      return documents.map((d) =>
        registered(
          d,
          revisions.filter((r) => r.documentId === d.id),
          today,
        ),
      );
    });
  }
}

/** The document, or {@link DocumentNotFoundError}. */
export async function requireDocument(tx: Pick<RegisterReaders, 'documents'>, id: number): Promise<ControlledDocument> {
  const document = await tx.documents.findDocument(id);
  if (!document) throw new DocumentNotFoundError(id);
  return document;
}

function registered(
  document: ControlledDocument,
  revisions: readonly DocumentRevision[],
  today: string,
): RegisteredDocument {
  return { document, revisions, currentRevision: currentRevision(revisions, today) };
}

/** An audit event about a document; `changes` maps each field to its old and new value. */
export function event(at: Date, actor: string, action: string, documentId: number, changes: Changes) {
  return {
    occurredAt: at,
    actor,
    action,
    entityType: CONTROLLED_DOCUMENT_ENTITY,
    entityId: String(documentId),
    details: { changes },
  };
}
