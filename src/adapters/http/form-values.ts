import { type Static, Type } from '@sinclair/typebox';
import type { TrainingForm, TrainingFormInput } from '../../domain/training-form.ts';
import { oneOf, text } from './route-schemas.ts';

/** What the edit form shows in its fields: always text, exactly as typed or as stored. */
export interface FormValues {
  readonly title: string;
  readonly trainingType: string;
  readonly description: string;
  readonly trainer: string;
  readonly trainingDate: string;
  readonly durationMinutes: string;
  readonly location: string;
  readonly referenceDocument: string;
  readonly referenceRevision: string;
  /** `yes` once the person confirmed a far-future training date. */
  readonly trainingDateConfirmed: string;
  /** `register` (a revision chosen in {@link documentRevisionId}) or `external` (the two texts). */
  readonly referenceSource: ReferenceSource;
  readonly documentRevisionId: string;
  readonly traineeIds: readonly number[];
}

export const REFERENCE_SOURCES = ['register', 'external'] as const;
export type ReferenceSource = (typeof REFERENCE_SOURCES)[number];

const TEXT_FIELDS = [
  'title',
  'trainingType',
  'description',
  'trainer',
  'trainingDate',
  'durationMinutes',
  'location',
  'referenceDocument',
  'referenceRevision',
  'trainingDateConfirmed',
] as const;

export const EMPTY_VALUES: FormValues = {
  title: '',
  trainingType: '',
  description: '',
  trainer: '',
  trainingDate: '',
  durationMinutes: '',
  location: '',
  referenceDocument: '',
  referenceRevision: '',
  trainingDateConfirmed: '',
  referenceSource: 'register',
  documentRevisionId: '',
  traineeIds: [],
};

/** The edit form's body: its fields as text, the trainees ticked (one or many), and which button was pressed. */
export const FormBody = Type.Object({
  title: text(),
  trainingType: text(),
  description: text(),
  trainer: text(),
  trainingDate: text(),
  durationMinutes: text(),
  location: text(),
  referenceDocument: text(),
  referenceRevision: text(),
  trainingDateConfirmed: text(),
  /** `external` takes the two texts; `register` (the default) the revision chosen, if any. */
  referenceSource: Type.Optional(oneOf(REFERENCE_SOURCES)),
  documentRevisionId: text(),
  traineeIds: Type.Optional(Type.Array(Type.String())),
  traineeSearch: text(),
  /** `find-trainees` (the no-JavaScript trainee finder) or `save`. */
  _action: text(),
  /** The version the editor started from (absent on a new form). */
  version: Type.Optional(Type.Integer({ minimum: 0 })),
  /** Why a signed form is changed (saving voids the signature). */
  reason: text(),
  _csrf: text(),
});
export type FormBody = Static<typeof FormBody>;

/** A submitted edit form, read once: what the fields show again, and what the domain validates. */
export interface SubmittedForm {
  readonly values: FormValues;
  /** The body as the domain's raw input (the domain validates it). */
  readonly input: TrainingFormInput;
  readonly findTrainees: boolean;
  readonly traineeSearch: string;
  readonly version: number;
}

export function readFormBody(body: FormBody): SubmittedForm {
  const values: Record<string, string> = {};
  const input: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    // Cut only for showing again (so a page cannot balloon); the domain sees what was sent.
    values[key] = (body[key] ?? '').slice(0, 10_000);
    input[key] = body[key];
  }
  // External training ignores the select; with the register, text typed too must agree (the domain checks).
  const referenceSource = body.referenceSource ?? 'register';
  input.documentRevisionId = referenceSource === 'external' ? '' : body.documentRevisionId;
  const documentRevisionId = String(input.documentRevisionId ?? '').slice(0, 20);
  const ticked = body.traineeIds ?? [];
  // The domain gets a single value as the form sent it (an empty one means none chosen).
  input.traineeIds = ticked.length === 1 ? ticked[0] : ticked;
  const traineeIds = [
    ...new Set(
      ticked
        .slice(0, 1000)
        .filter((v) => /^\d{1,9}$/.test(v))
        .map(Number),
    ),
  ];
  return {
    values: {
      ...(values as unknown as Omit<FormValues, 'traineeIds' | 'referenceSource' | 'documentRevisionId'>),
      referenceSource,
      documentRevisionId,
      traineeIds,
    },
    input,
    findTrainees: body._action === 'find-trainees',
    traineeSearch: (body.traineeSearch ?? '').trim().slice(0, 120),
    version: body.version ?? 0,
  };
}

/**
 * Where each of the edit page's messages points (the input it is about), in the page's order; a
 * message the page does not know (a future field) points at the form.
 */
const ERROR_TARGETS: readonly (readonly [field: string, anchor: string])[] = [
  ['title', 'f-title'],
  ['trainingType', 'f-trainingType'],
  ['trainingDate', 'f-trainingDate'],
  ['trainingDateConfirmed', 'f-trainingDateConfirmed'],
  ['durationMinutes', 'f-durationMinutes'],
  ['trainer', 'f-trainer'],
  ['location', 'f-location'],
  ['documentRevisionId', 'f-documentRevisionId'],
  ['referenceDocument', 'f-referenceDocument'],
  ['referenceRevision', 'f-referenceRevision'],
  ['description', 'f-description'],
  ['traineeIds', 'traineeSearch'],
  ['reason', 'f-reason'],
  ['files', 'f-files'],
];

/** One line of an error summary: the field's message, linking to the field. */
export interface ErrorLink {
  readonly href: string;
  readonly message: string;
}

/** The edit page's messages as the error summary lists them: in the order of the fields on the page. */
export function errorSummary(errors: Readonly<Record<string, string>>): ErrorLink[] {
  const known = new Set(ERROR_TARGETS.map(([field]) => field));
  return [
    ...ERROR_TARGETS.filter(([field]) => errors[field] !== undefined).map(([field, anchor]) => ({
      href: `#${anchor}`,
      message: errors[field]!,
    })),
    ...Object.entries(errors)
      .filter(([field]) => !known.has(field))
      .map(([, message]) => ({ href: '#editor', message })),
  ];
}

export function valuesFromForm(f: TrainingForm): FormValues {
  return {
    title: f.title,
    trainingType: f.trainingType,
    description: f.description ?? '',
    trainer: f.trainer,
    trainingDate: f.trainingDate,
    durationMinutes: String(f.durationMinutes),
    location: f.location ?? '',
    trainingDateConfirmed: '',
    // A register reference shows in the select; its copied texts stay out of the external fields.
    referenceDocument: f.documentRevisionId === null ? (f.referenceDocument ?? '') : '',
    referenceRevision: f.documentRevisionId === null ? (f.referenceRevision ?? '') : '',
    referenceSource:
      f.documentRevisionId === null && (f.referenceDocument || f.referenceRevision) ? 'external' : 'register',
    documentRevisionId: f.documentRevisionId === null ? '' : String(f.documentRevisionId),
    traineeIds: f.traineeIds,
  };
}

/** The rows of a stale edit's comparison: their saved version's field and its label. */
export const COMPARED_FIELDS = [
  ['title', 'Title'],
  ['trainingType', 'Type'],
  ['trainingDate', 'Date'],
  ['durationMinutes', 'Duration'],
  ['trainer', 'Trainer'],
  ['location', 'Location'],
  ['reference', 'Document'],
  ['description', 'Description'],
  ['traineeIds', 'Trainees'],
] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number][0];

/**
 * Where the saved form differs from the values being saved (a stale edit): the fields to highlight.
 * Text is compared trimmed; a reference by what it points at (a register revision, else the two texts);
 * trainees as a set.
 */
export function differingFields(saved: TrainingForm, yours: FormValues): Set<ComparedField> {
  const theirs = valuesFromForm(saved);
  const reference = (v: FormValues) =>
    v.documentRevisionId !== ''
      ? `register:${v.documentRevisionId}`
      : `text:${v.referenceDocument.trim()}|${v.referenceRevision.trim()}`;
  const people = (v: FormValues) => [...new Set(v.traineeIds)].sort((a, b) => a - b).join(',');
  const value = (v: FormValues, field: ComparedField) =>
    field === 'reference' ? reference(v) : field === 'traineeIds' ? people(v) : v[field].trim();
  return new Set(COMPARED_FIELDS.map(([field]) => field).filter((f) => value(theirs, f) !== value(yours, f)));
}
