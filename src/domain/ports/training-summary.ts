/**
 * One (employee, document) row of the training matrix's summary: over the employee's non-deleted
 * forms linked to a revision of the document, the newest revision (by effective date) and the last
 * training date. Pairs without such a form have no row.
 */
export interface TrainingSummaryFact {
  readonly employeeId: number;
  readonly documentId: number;
  readonly newestRevisionId: number;
  readonly newestEffectiveDate: string;
  readonly lastTrainingDate: string;
}

/** A pair where the kept summary and a fresh aggregation of the forms disagree (null: no row on that side). */
export interface TrainingSummaryDifference {
  readonly employeeId: number;
  readonly documentId: number;
  readonly expected: TrainingSummaryFact | null;
  readonly actual: TrainingSummaryFact | null;
}

/** What a check found: how many pairs the forms give, and every pair that differs (by employee, document). */
export interface TrainingSummaryCheck {
  readonly pairs: number;
  readonly differences: readonly TrainingSummaryDifference[];
}

/** What a rebuild wrote: the pairs, in how many batches (each its own transaction). */
export interface TrainingSummaryRebuild {
  readonly pairs: number;
  readonly batches: number;
}

/**
 * The upkeep of the summary the training matrix reads (kept by the forms repository in each
 * change's transaction): rebuild it from the forms, and compare it with a fresh aggregation.
 */
export interface TrainingSummaryMaintenance {
  rebuild(): Promise<TrainingSummaryRebuild>;
  check(): Promise<TrainingSummaryCheck>;
}
