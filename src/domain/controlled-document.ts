/** The audit entity type of controlled documents (their revisions and requirements are audited under it). */
export const CONTROLLED_DOCUMENT_ENTITY = 'controlled_document';

/** A controlled document of the register (an SOP, a work instruction). */
export interface ControlledDocument {
  readonly id: number;
  /** Upper-case, single-spaced, unique: `SOP-CR-004`. */
  readonly reference: string;
  readonly title: string;
  /** A retired document takes no new revisions or requirements and leaves the matrix; it stays for history. */
  readonly retired: boolean;
  readonly retiredAt: Date | null;
  readonly retiredBy: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

/** One issued revision of a document. Effective dates are unique per document and order its revisions. */
export interface DocumentRevision {
  readonly id: number;
  readonly documentId: number;
  /** Upper-case label as issued: `C`, `2`, `1.1`. */
  readonly revision: string;
  /** `YYYY-MM-DD`: from this day on the revision is the one to be trained on. */
  readonly effectiveDate: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

/** A document with its revisions (oldest first) and the one current today. */
export interface RegisteredDocument {
  readonly document: ControlledDocument;
  readonly revisions: readonly DocumentRevision[];
  readonly currentRevision: DocumentRevision | null;
}

/** Revisions ordered by effective date, oldest first (the order in which they were in force). */
export function byEffectiveDate(revisions: readonly DocumentRevision[]): DocumentRevision[] {
  return [...revisions].sort((a, b) =>
    a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : a.id - b.id,
  );
}

/**
 * The revision in force on `today` (`YYYY-MM-DD`): the one with the latest effective date not after
 * today. Null when none is effective yet (a document issued with a future effective date).
 * Derived rather than stored, so a revision issued ahead of its date becomes current on that day
 * with nothing to switch, and no pointer can disagree with the revisions.
 */
export function currentRevision(revisions: readonly DocumentRevision[], today: string): DocumentRevision | null {
  let current: DocumentRevision | null = null;
  for (const r of byEffectiveDate(revisions)) if (r.effectiveDate <= today) current = r;
  return current;
}

/** The UTC calendar date of `at`, `YYYY-MM-DD`. */
export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

/** A reference as stored: trimmed, inner white space collapsed to one space, upper case. */
export const normaliseReference = (raw: string): string => raw.trim().replace(/\s+/g, ' ').toUpperCase();

/** A revision label as stored: trimmed, upper case, without a leading `Rev`/`Revision` (`Rev c` → `C`). */
export function normaliseRevision(raw: string): string {
  const upper = raw.trim().replace(/\s+/g, ' ').toUpperCase();
  const stripped = upper.replace(/^REV(ISION)?\b\.?[\s:-]*/, '');
  return stripped === '' ? upper : stripped;
}
