import type { TrainingForm, TrainingFormInput } from '../../domain/training-form.ts';

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
  readonly traineeIds: readonly number[];
}

const TEXT_FIELDS = ['title', 'trainingType', 'description', 'trainer', 'trainingDate', 'durationMinutes', 'location', 'referenceDocument', 'referenceRevision'] as const;

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
  traineeIds: [],
};

/** The fields of a submitted form body, as typed (limited in length so a page cannot balloon). */
export function valuesFromBody(body: unknown): FormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of TEXT_FIELDS) out[key] = typeof b[key] === 'string' ? (b[key] as string).slice(0, 10_000) : '';
  const raw = b.traineeIds;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).slice(0, 1000);
  const traineeIds = [...new Set(list.filter((v): v is string => typeof v === 'string' && /^\d{1,9}$/.test(v)).map(Number))];
  return { ...(out as unknown as Omit<FormValues, 'traineeIds'>), traineeIds };
}

/** The body as the domain's raw input (the domain validates it). */
export function inputFromBody(body: unknown): TrainingFormInput {
  const b = (body ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) input[key] = b[key];
  input.traineeIds = b.traineeIds ?? [];
  return input;
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
    referenceDocument: f.referenceDocument ?? '',
    referenceRevision: f.referenceRevision ?? '',
    traineeIds: f.traineeIds,
  };
}
