import { ValidationError } from './errors.ts';
import { TRAINING_TYPES, type TrainingFormFields, type TrainingFormInput } from './training-form.ts';

const LIMITS = {
  title: 200,
  trainer: 120,
  description: 5000,
  location: 120,
  referenceDocument: 120,
  referenceRevision: 20,
};
/** How each text field is named in its messages ("Enter the title", "The trainer is at most 120 characters"). */
const NAMES: Record<keyof typeof LIMITS, string> = {
  title: 'title',
  trainer: "trainer's name",
  description: 'description',
  location: 'location',
  referenceDocument: 'reference document',
  referenceRevision: 'revision',
};
const MAX_DURATION_MINUTES = 24 * 60;
const MAX_TRAINEES = 500;
/** A training date more than this many days after today is questioned: the person confirms it is right. */
export const FAR_FUTURE_DAYS = 90;
const DAY_MS = 86_400_000;

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Checks every field of a create or edit and returns the clean values, or throws a
 * {@link ValidationError} naming each field that is wrong (all of them, not just the first).
 * A training date more than {@link FAR_FUTURE_DAYS} after `today` (`YYYY-MM-DD`) is refused under
 * `trainingDateConfirmed` until the input confirms it.
 */
export function validateTrainingForm(input: TrainingFormInput, today: string): TrainingFormFields {
  const errors: Record<string, string> = {};

  const str = (field: keyof typeof LIMITS, required: boolean): string | null => {
    const raw = input[field];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      errors[field] = `Enter the ${NAMES[field]} as text.`;
      return null;
    }
    const value = (raw ?? '').trim();
    if (value === '') {
      if (required) errors[field] = `Enter the ${NAMES[field]}.`;
      return null;
    }
    if (value.length > LIMITS[field])
      errors[field] = `The ${NAMES[field]} must be at most ${LIMITS[field]} characters (it has ${value.length}).`;
    return value;
  };

  const title = str('title', true);
  const trainer = str('trainer', true);
  const description = str('description', false);
  const location = str('location', false);
  const referenceDocument = str('referenceDocument', false);
  const referenceRevision = str('referenceRevision', false);

  const trainingType = typeof input.trainingType === 'string' ? input.trainingType.trim() : '';
  if (trainingType === '') errors.trainingType = 'Choose the training type.';
  else if (!(TRAINING_TYPES as readonly string[]).includes(trainingType))
    errors.trainingType = `Choose the training type from the list: ${TRAINING_TYPES.join(', ')}.`;

  const trainingDate = typeof input.trainingDate === 'string' ? input.trainingDate.trim() : '';
  if (trainingDate === '') errors.trainingDate = 'Enter the training date.';
  else if (!isIsoDate(trainingDate))
    errors.trainingDate = 'The training date must be a real date, written YYYY-MM-DD (for example 2026-03-14).';
  else if (trainingDate < '1990-01-01' || trainingDate > '2100-12-31')
    errors.trainingDate = 'The training date must be between 1990 and 2100.';
  else if (trainingDate > daysAfter(today, FAR_FUTURE_DAYS) && !isTicked(input.trainingDateConfirmed))
    errors.trainingDateConfirmed =
      `The training date is more than ${FAR_FUTURE_DAYS} days from today (${today}). ` +
      'If it is right, tick this box and save again.';

  const durationRaw = typeof input.durationMinutes === 'string' ? input.durationMinutes.trim() : input.durationMinutes;
  const durationMinutes = durationRaw === '' || durationRaw == null ? NaN : Number(durationRaw);
  if (durationRaw === '' || durationRaw == null) errors.durationMinutes = 'Enter the duration in minutes.';
  else if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > MAX_DURATION_MINUTES)
    errors.durationMinutes = `The duration must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}.`;

  const documentRevisionId = parseRevisionId(input.documentRevisionId);
  if (documentRevisionId === 'invalid') errors.documentRevisionId = 'Choose the document and revision from the list.';

  const traineeIds = parseTraineeIds(input.traineeIds);
  if (traineeIds === 'invalid') errors.traineeIds = 'Choose the trainees from the employee list.';
  else if (traineeIds.length === 0) errors.traineeIds = 'Choose at least one trainee.';
  else if (traineeIds.length > MAX_TRAINEES)
    errors.traineeIds = `A form can have at most ${MAX_TRAINEES} trainees (${traineeIds.length} were chosen).`;

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return {
    title: title as string,
    trainingType,
    description,
    trainer: trainer as string,
    trainingDate,
    durationMinutes,
    location,
    referenceDocument,
    referenceRevision,
    documentRevisionId: documentRevisionId as number | null,
    traineeIds: traineeIds as number[],
  };
}

function daysAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isTicked(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim() !== '');
}

/**
 * A register revision's id (a positive whole number, or its digits as text); none (`undefined`,
 * null, empty) is null: an external or no reference. Whether the revision exists is the service's
 * check.
 */
function parseRevisionId(raw: unknown): number | null | 'invalid' {
  if (raw === undefined || raw === null || raw === '') return null;
  const n = typeof raw === 'string' && /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 ? n : 'invalid';
}

function parseTraineeIds(raw: unknown): number[] | 'invalid' {
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const ids = new Set<number>();
  for (const item of list) {
    const n = typeof item === 'string' && item.trim() !== '' ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) return 'invalid';
    ids.add(n);
  }
  return [...ids].sort((a, b) => a - b);
}
