import { normaliseRevision, type ControlledDocument, type DocumentRevision } from './controlled-document.ts';

/** A form's free-text reference, as typed before the register existed. */
export interface FreeTextReference {
  readonly formId: number;
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
}

export interface MatchedReference {
  readonly formId: number;
  readonly documentId: number;
  readonly revisionId: number;
}

/**
 * Why a reference did not match: none given, no document with that reference, two documents
 * equally close (`SOP-CR-004` and `SOP CR004`), no revision given, or not a revision of the document.
 */
export type UnmatchedReason =
  'no-reference' | 'unknown-document' | 'ambiguous-document' | 'no-revision' | 'unknown-revision';

export interface UnmatchedReference extends FreeTextReference {
  readonly reason: UnmatchedReason;
}

export interface ReferenceMatches {
  readonly matched: readonly MatchedReference[];
  readonly unmatched: readonly UnmatchedReference[];
}

/** A reference reduced to letters and digits, upper case: `sop cr 004` and `SOP-CR-004` → `SOPCR004`. */
export const referenceKey = (raw: string): string => raw.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

/** A revision reduced the same way after dropping a `Rev`/`Revision` prefix: `Rev. c` → `C`. */
export const revisionKey = (raw: string): string => referenceKey(normaliseRevision(raw));

/**
 * Matches free-text reference/revision pairs to the register, ignoring case, spaces and
 * punctuation, and a `Rev` prefix on the revision. Every input lands in exactly one of the two
 * lists, in input order. Retired documents match too (old forms were trained on them).
 */
export function matchReferences(
  forms: readonly FreeTextReference[],
  register: { readonly documents: readonly ControlledDocument[]; readonly revisions: readonly DocumentRevision[] },
): ReferenceMatches {
  const documents = new Map<string, ControlledDocument[]>();
  for (const d of register.documents) {
    const key = referenceKey(d.reference);
    documents.set(key, [...(documents.get(key) ?? []), d]);
  }
  const revisions = new Map<string, DocumentRevision>();
  for (const r of register.revisions) revisions.set(`${r.documentId}|${revisionKey(r.revision)}`, r);

  const matched: MatchedReference[] = [];
  const unmatched: UnmatchedReference[] = [];
  for (const form of forms) {
    const refKey = referenceKey(form.referenceDocument ?? '');
    const revKey = revisionKey(form.referenceRevision ?? '');
    const candidates = refKey === '' ? [] : (documents.get(refKey) ?? []);
    const reason: UnmatchedReason | null =
      refKey === ''
        ? 'no-reference'
        : candidates.length === 0
          ? 'unknown-document'
          : candidates.length > 1
            ? 'ambiguous-document'
            : revKey === ''
              ? 'no-revision'
              : null;
    const doc = candidates[0];
    const revision = reason === null && doc ? revisions.get(`${doc.id}|${revKey}`) : undefined;
    if (reason !== null || !doc) unmatched.push({ ...pick(form), reason: reason ?? 'unknown-document' });
    else if (!revision) unmatched.push({ ...pick(form), reason: 'unknown-revision' });
    else matched.push({ formId: form.formId, documentId: doc.id, revisionId: revision.id });
  }
  return { matched, unmatched };
}

const pick = (f: FreeTextReference): FreeTextReference => ({
  formId: f.formId,
  referenceDocument: f.referenceDocument,
  referenceRevision: f.referenceRevision,
});
