/** A training session as recorded on a training form. */
export interface TrainingForm {
  readonly id: number;
  readonly title: string;
  readonly trainingType: string;
  readonly description: string | null;
  readonly trainer: string;
  /** Calendar date, `YYYY-MM-DD`. */
  readonly trainingDate: string;
  readonly durationMinutes: number;
  readonly location: string | null;
  /**
   * The reference as text: typed for external training, or the register's reference and revision
   * label copied at save time when {@link documentRevisionId} is set (so lists, search and the CSV
   * read one place; register references and labels never change once issued).
   */
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  /** The register revision trained on; null for external training (free text) or no reference. */
  readonly documentRevisionId: number | null;
  /** Employee ids of the trainees, ascending. */
  readonly traineeIds: readonly number[];
  /** Incremented by every edit; an edit must name the version it started from. */
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedBy: string;
  readonly updatedAt: Date;
  readonly deleted: boolean;
  readonly deletedAt: Date | null;
  readonly deletedBy: string | null;
}

/**
 * What a list of forms (the home page, the trash) shows of each: a form without its long text,
 * so that a page of them is cheap to read.
 */
export interface TrainingFormSummary {
  readonly id: number;
  readonly title: string;
  readonly trainingType: string;
  readonly trainer: string;
  /** Calendar date, `YYYY-MM-DD`. */
  readonly trainingDate: string;
  readonly traineeCount: number;
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  readonly documentRevisionId: number | null;
  readonly deletedAt: Date | null;
  readonly deletedBy: string | null;
}

/** The fields a person edits, already validated. */
export interface TrainingFormFields {
  readonly title: string;
  readonly trainingType: string;
  readonly description: string | null;
  readonly trainer: string;
  readonly trainingDate: string;
  readonly durationMinutes: number;
  readonly location: string | null;
  readonly referenceDocument: string | null;
  readonly referenceRevision: string | null;
  /** A register revision (then the reference texts are the register's), or null: external / none. */
  readonly documentRevisionId: number | null;
  readonly traineeIds: readonly number[];
}

/**
 * The raw input of a create or edit, as it comes from a form or an API: checked by the service.
 * `trainingDateConfirmed` (any non-empty value) answers "yes" to the question a far-future training date asks.
 */
export type TrainingFormInput = { readonly [K in keyof TrainingFormFields | 'trainingDateConfirmed']?: unknown };

/** The training types a form may have. */
export const TRAINING_TYPES = ['Classroom', 'On-the-job', 'Read and understand', 'E-learning', 'External'] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];
