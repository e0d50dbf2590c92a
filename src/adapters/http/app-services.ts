import type { TrainingFormService } from '../../domain/training-form-service.ts';

/** The health of the running instance, as `/health` shows it. */
export interface HealthReport {
  /** `ok` only when the database answers, its migrations match the code and uploads can be stored. */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly version: string;
  readonly environment: string;
  readonly uptimeSeconds: number;
  readonly database: Readonly<Record<string, unknown>> & { readonly reachable: boolean };
  /** Whether the upload folder exists and accepts files. */
  readonly uploads: { readonly writable: boolean };
}

/** What the HTTP adapter needs from the rest of the application (built by `src/app/compose.ts`). */
export interface AppServices {
  readonly forms: TrainingFormService;
  health(): Promise<HealthReport>;
}
