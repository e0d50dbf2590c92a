/** How far one stage of a long piece of work has got. */
export interface ProgressReport {
  /** What is being done, e.g. `forms` or `uploads`; a new stage ends the one before. */
  readonly stage: string;
  /** How many `unit`s are done so far (never decreasing within a stage). */
  readonly done: number;
  /** How many there are in all, when it can be known. */
  readonly total?: number;
  /** What is counted: `rows`, `files`, `employees`, `bytes`. */
  readonly unit: string;
}

/**
 * Told of progress by long work (the seed, a backup, a restore, the employee sync); the operator's
 * command line renders it, the scheduler passes none. It must not throw; it may be called often
 * (after each batch), so rendering is the listener's to throttle.
 */
export type ProgressListener = (report: ProgressReport) => void;
