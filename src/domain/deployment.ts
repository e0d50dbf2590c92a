/** One deploy of a release to an environment, as `npm run deploy` recorded it. */
export interface Deployment {
  readonly id: number;
  readonly environment: string;
  /** Null when the deploy stopped before the commit was resolved. */
  readonly commitSha: string | null;
  readonly releaseName: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** `succeeded`, `dry-run`, `refused`, `failed`, `rolled-back` or `rollback-failed`. */
  readonly outcome: string;
  readonly rolledBack: boolean;
  /** Set when production was deployed without a staging pass (`--emergency`). */
  readonly emergencyReason: string | null;
  /** Each step with its result, in order. */
  readonly steps: readonly {
    readonly step: string;
    readonly ok: boolean;
    readonly detail: string;
    readonly ms: number;
  }[];
}

export type NewDeployment = Omit<Deployment, 'id'>;
