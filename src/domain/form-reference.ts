import type { ControlledDocument, DocumentRevision } from './controlled-document.ts';
import { ValidationError } from './errors.ts';
import { referenceKey, revisionKey } from './reference-matching.ts';
import type { TrainingFormFields } from './training-form.ts';

/** A reference as people read it: `SOP-CR-004 rev C`, or the reference alone when no revision is known. */
export function referenceText(reference: string | null, revision: string | null): string {
  return [reference, revision && `rev ${revision}`].filter(Boolean).join(' ');
}

/** How a form shows its reference: the text, and whether it is external (typed, not from the register). */
export interface ReferenceLabel {
  readonly text: string;
  readonly external: boolean;
}

/** A form's (or summary's) reference label; null when it has none. */
export function referenceLabel(form: {
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  readonly documentRevisionId: number | null;
}): ReferenceLabel | null {
  const text = referenceText(form.referenceDocument, form.referenceRevision);
  return text === '' ? null : { text, external: form.documentRevisionId === null };
}

/**
 * The fields with a register revision's reference and label in the text columns. The chosen
 * revision's document must not be retired, unless the form already had that revision
 * (`keptRevisionId`): old forms keep what they were trained on. Text typed alongside the choice
 * must be empty or name the same reference and revision (ignoring case, spaces and punctuation):
 * anything else is a contradiction the person must resolve, never silently dropped.
 * Throws {@link ValidationError}.
 */
export function withRegisterReference(
  fields: TrainingFormFields,
  register: { readonly document: ControlledDocument; readonly revision: DocumentRevision } | null,
  keptRevisionId: number | null,
): TrainingFormFields {
  if (fields.documentRevisionId === null) return fields;
  if (!register || register.revision.id !== fields.documentRevisionId)
    throw new ValidationError({ documentRevisionId: 'This revision is not in the register.' });
  const { document, revision } = register;
  if (document.retired && keptRevisionId !== revision.id)
    throw new ValidationError({
      documentRevisionId: `${document.reference} is retired: choose a document in use, or external training.`,
    });
  const errors: Record<string, string> = {};
  const chosen = referenceText(document.reference, revision.revision);
  if (fields.referenceDocument !== null && referenceKey(fields.referenceDocument) !== referenceKey(document.reference))
    errors.referenceDocument = `Differs from the register revision chosen (${chosen}): clear it, or choose external training.`;
  if (fields.referenceRevision !== null && revisionKey(fields.referenceRevision) !== revisionKey(revision.revision))
    errors.referenceRevision = `Differs from the register revision chosen (${chosen}).`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ...fields, referenceDocument: document.reference, referenceRevision: revision.revision };
}
