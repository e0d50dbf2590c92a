import type { FormDetails } from '../form-details.ts';

/**
 * Reads everything the detail page shows about one form at once: the form, its trainees, its
 * attachments and its audit history (the same content as asking the form, employee, attachment
 * and audit repositories one by one).
 */
export interface FormDetailsReader {
  /** The form with that id, deleted or not, with its details; `null` when there is none. */
  find(id: number): Promise<FormDetails | null>;
}
