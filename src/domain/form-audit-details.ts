import type { TrainingForm, TrainingFormFields } from './training-form.ts';

/** One field's change in an audit event: its value before and after (null: there was none). */
export interface FieldChange {
  readonly from: unknown;
  readonly to: unknown;
}

/** A trainee as an audit event names them: id and display name at the time. */
export interface AuditedTrainee {
  readonly id: number;
  readonly name: string;
}

/** Trainees added to and removed from a form. */
export interface TraineeChange {
  readonly added: readonly AuditedTrainee[];
  readonly removed: readonly AuditedTrainee[];
}

/** The initial value of every field of a new form, as changes from null. */
export function initialValues(fields: TrainingFormFields): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const [key, to] of Object.entries(fields)) changes[key] = { from: null, to };
  return changes;
}

/** The fields whose value differs between `before` and `after`, with both values. */
export function changedValues(before: TrainingForm, after: TrainingFormFields): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of Object.keys(after) as (keyof TrainingFormFields)[]) {
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/**
 * The trainees added and removed between two id lists, named from `names` (an id the directory no
 * longer knows is named `#<id>`); null when the lists hold the same ids.
 */
export function traineeChange(
  before: readonly number[],
  after: readonly number[],
  names: ReadonlyMap<number, string>,
): TraineeChange | null {
  const named = (id: number): AuditedTrainee => ({ id, name: names.get(id) ?? `#${id}` });
  const added = after.filter((id) => !before.includes(id)).map(named);
  const removed = before.filter((id) => !after.includes(id)).map(named);
  return added.length === 0 && removed.length === 0 ? null : { added, removed };
}
