import type { TrainingFormService } from '../../domain/training-form-service.ts';

/** The health of the running instance, as `/health` shows it. */
export interface HealthReport {
  /** `ok` only when the database answers and its migrations match the code. */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly version: string;
  readonly environment: string;
  readonly uptimeSeconds: number;
  readonly database: Readonly<Record<string, unknown>> & { readonly reachable: boolean };
}

/** What the HTTP adapter needs from the rest of the application (built by `src/app/compose.ts`). */
export interface AppServices {
  readonly forms: TrainingFormService;
  health(): Promise<HealthReport>;
}
