import type { Employee } from './employee.ts';
import type { SignatureState } from './form-signature.ts';

/**
 * The document a training was on: from the register when the form names a register revision,
 * else the form's free text, marked `external` (training on a document the register does not hold).
 */
export interface TrainedDocument {
  /** The register's reference (`SOP-CR-004`), or the form's free text; null when the form names none. */
  readonly reference: string | null;
  /** The register revision's label, or the form's free-text revision; null when none is given. */
  readonly revision: string | null;
  /** True when the reference is the form's free text rather than a register revision. */
  readonly external: boolean;
}

/** One non-deleted training an employee attended, as their record shows it. */
export interface TrainingRecordEntry {
  readonly formId: number;
  /** `YYYY-MM-DD`. */
  readonly trainingDate: string;
  readonly title: string;
  readonly trainingType: string;
  readonly document: TrainedDocument;
  readonly trainer: string;
  readonly durationMinutes: number;
  /** The trainer's sign-off of the form: the state of its most recent signature at the form's current version. */
  readonly signature: SignatureState;
}

/** Which of an employee's trainings to show; every field optional, all given ones must hold. */
export interface TrainingRecordFilter {
  /** `YYYY-MM-DD`, inclusive. */
  readonly from?: string;
  /** `YYYY-MM-DD`, inclusive. */
  readonly to?: string;
  /**
   * Part of the document reference (register reference or free text), matched without regard to
   * the case of ASCII letters: `cr-004` finds `SOP-CR-004`.
   */
  readonly document?: string;
}

/** An employee (active or not: people who left keep their record) with the trainings they attended. */
export interface EmployeeTrainingRecord {
  readonly employee: Employee;
  /** Newest first (training date, then form id, both descending). */
  readonly entries: readonly TrainingRecordEntry[];
  /** When the record was read (the print view's "printed" time). */
  readonly asOf: Date;
}

/** A page of employees found by the search page. */
export interface EmployeePage {
  readonly items: readonly Employee[];
  /** Every match, not only this page's. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Orders entries as a record shows them: newest training date first, then the higher form id. */
export function newestFirst(a: TrainingRecordEntry, b: TrainingRecordEntry): number {
  return a.trainingDate < b.trainingDate ? 1 : a.trainingDate > b.trainingDate ? -1 : b.formId - a.formId;
}
