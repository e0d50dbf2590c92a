import { DomainError, TooManyFormsSelectedError } from './errors.ts';

/** The most forms one bulk action (or an export of selected forms) takes. */
export const MAX_BULK_FORMS = 500;

/**
 * What a bulk action did, form by form. Each form is changed and audited in its own transaction,
 * so every form is either wholly done or untouched: `done` were changed, `refused` were not (a rule
 * said no, e.g. someone else restored it first), and `stopped` is the unexpected error (a database
 * outage) that ended the run at that form, after which `notAttempted` were left as they were.
 */
export interface BulkOutcome<T> {
  readonly done: readonly { readonly id: number; readonly result: T }[];
  readonly refused: readonly { readonly id: number; readonly error: DomainError }[];
  readonly stopped: { readonly id: number; readonly error: unknown } | null;
  readonly notAttempted: readonly number[];
}

/**
 * The ids of a selection, each once, in the order given; more than {@link MAX_BULK_FORMS} throws
 * {@link TooManyFormsSelectedError}.
 */
export function selection(ids: readonly number[]): number[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_BULK_FORMS) throw new TooManyFormsSelectedError(unique.length, MAX_BULK_FORMS);
  return unique;
}

/**
 * Runs `action` on each form of the selection in turn (see {@link BulkOutcome}); a domain error
 * refuses only that form.
 */
export async function forEachForm<T>(
  ids: readonly number[],
  action: (id: number) => Promise<T>,
): Promise<BulkOutcome<T>> {
  const chosen = selection(ids);
  const done: { id: number; result: T }[] = [];
  const refused: { id: number; error: DomainError }[] = [];
  for (const [index, id] of chosen.entries()) {
    try {
      done.push({ id, result: await action(id) });
    } catch (error) {
      if (error instanceof DomainError) refused.push({ id, error });
      else return { done, refused, stopped: { id, error }, notAttempted: chosen.slice(index + 1) };
    }
  }
  return { done, refused, stopped: null, notAttempted: [] };
}
