import {
  byEffectiveDate,
  normaliseReference,
  normaliseRevision,
  type DocumentRevision,
} from './controlled-document.ts';
import { ValidationError } from './errors.ts';
import { SCOPE_KINDS, type RequirementScope, type ScopeKind } from './training-requirement.ts';
import { isIsoDate } from './training-form-validation.ts';

/** The raw input of a new document (with its first revision), as a form or an API sends it. */
export interface DocumentInput {
  readonly reference?: unknown;
  readonly title?: unknown;
  readonly revision?: unknown;
  readonly effectiveDate?: unknown;
}
export type RevisionInput = Pick<DocumentInput, 'revision' | 'effectiveDate'>;
export interface ScopeInput {
  readonly kind?: unknown;
  readonly value?: unknown;
}

export interface ValidDocument {
  readonly reference: string;
  readonly title: string;
  readonly revision: string;
  readonly effectiveDate: string;
}

const REFERENCE = /^[A-Z0-9][A-Z0-9 ._/-]*$/;
const REVISION = /^[A-Z0-9][A-Z0-9._-]*$/;

type Errors = Record<string, string>;

/** What each field is called in its messages ("Enter the reference."). */
const NAMES: Readonly<Record<string, string>> = {
  reference: 'reference',
  title: 'title',
  revision: 'revision',
  effectiveDate: 'effective date',
  value: 'department or job title',
};

function text(errors: Errors, field: string, raw: unknown, max: number): string {
  const name = NAMES[field] ?? field;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    errors[field] = `The ${name} must be text.`;
    return '';
  }
  const value = (raw ?? '').trim();
  if (value === '') errors[field] = `Enter the ${name}.`;
  else if (value.length > max)
    errors[field] = `The ${name} must be at most ${max} characters (it has ${value.length}).`;
  return value;
}

function revisionFields(errors: Errors, input: RevisionInput): { revision: string; effectiveDate: string } {
  const revision = normaliseRevision(text(errors, 'revision', input.revision, 20));
  if (!errors.revision && !REVISION.test(revision))
    errors.revision = 'The revision may hold only letters, digits and . _ - (for example C or 2.1).';
  const effectiveDate = text(errors, 'effectiveDate', input.effectiveDate, 10);
  if (!errors.effectiveDate && !isIsoDate(effectiveDate))
    errors.effectiveDate = 'The effective date must be a real date, written YYYY-MM-DD (for example 2026-03-14).';
  return { revision, effectiveDate };
}

/** Checks a new document and its first revision; throws {@link ValidationError} naming every bad field. */
export function validateDocument(input: DocumentInput): ValidDocument {
  const errors: Errors = {};
  const reference = normaliseReference(text(errors, 'reference', input.reference, 120));
  if (!errors.reference && !REFERENCE.test(reference))
    errors.reference = 'The reference may hold only letters, digits, spaces and . _ / - (for example SOP-CR-004).';
  const title = text(errors, 'title', input.title, 200);
  const first = revisionFields(errors, input);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { reference, title, ...first };
}

/**
 * Checks a new revision against the document's existing ones: its effective date must be after
 * the latest one's (revisions are ordered by effective date). A repeated label is not checked
 * here: it is a conflict (`RevisionExistsError`), not a typing mistake.
 */
export function validateRevision(
  input: RevisionInput,
  existing: readonly DocumentRevision[],
): { revision: string; effectiveDate: string } {
  const errors: Errors = {};
  const fields = revisionFields(errors, input);
  const latest = byEffectiveDate(existing).at(-1);
  if (!errors.effectiveDate && latest && fields.effectiveDate <= latest.effectiveDate)
    errors.effectiveDate = `The effective date must be after ${latest.effectiveDate}, the effective date of revision ${latest.revision}.`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return fields;
}

/** Checks a requirement's scope: a known kind and a non-empty name of at most 120 characters. */
export function validateScope(input: ScopeInput): RequirementScope {
  const errors: Errors = {};
  const kind = typeof input.kind === 'string' ? input.kind.trim() : '';
  if (!(SCOPE_KINDS as readonly string[]).includes(kind)) errors.kind = 'Choose a department or a job title.';
  const value = text(errors, 'value', input.value, 120).replace(/\s+/g, ' ');
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { kind: kind as ScopeKind, value };
}
