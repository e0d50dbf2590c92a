import type { AdminUserService } from '../../domain/admin-user-service.ts';
import type { AttachmentService } from '../../domain/attachment-service.ts';
import type { FormDetailsService } from '../../domain/form-details-service.ts';
import type { FormSignatureService } from '../../domain/form-signature-service.ts';
import type { JobStatusService } from '../../domain/job-status-service.ts';
import type { DeploymentHistory } from '../../domain/ports/deployment-history.ts';
import type { SessionService } from '../../domain/session-service.ts';
import type { SignInService } from '../../domain/sign-in-service.ts';
import type { TrainingFormService } from '../../domain/training-form-service.ts';
import type { DocumentRegisterService } from '../../domain/document-register-service.ts';
import type { TrainingRequirementService } from '../../domain/training-requirement-service.ts';
import type { TrainingMatrixService } from '../../domain/training-matrix-service.ts';
import type { DirectoryScopes } from '../../domain/ports/directory-scopes.ts';
import type { EmployeeRecordService } from '../../domain/employee-record-service.ts';

/** The health of the running instance, as `/health` shows it. */
export interface HealthReport {
  /**
   * `ok` only when the database answers, its migrations and schema match the code, uploads can
   * be stored and both storage folders have MIN_FREE_DISK_MB free; `degraded` otherwise (still
   * 200; 503 only when the schema does not match or the database is down: the pages would fail).
   */
  readonly status: 'ok' | 'degraded' | 'unavailable';
  readonly version: string;
  /** The commit of the deployed release, or null when not run from a deploy. */
  readonly commit: string | null;
  readonly environment: string;
  readonly uptimeSeconds: number;
  readonly database: Readonly<Record<string, unknown>> & { readonly reachable: boolean };
  /** Whether the upload folder exists and accepts files. */
  readonly uploads: { readonly writable: boolean };
  /** Free space where uploads and backups live; `low` below MIN_FREE_DISK_MB in either. */
  readonly disk: { readonly minFreeMb: number; readonly low: boolean } & Readonly<Record<string, unknown>>;
  /** The declared schema against the live database, computed at start-up and after migrations. */
  readonly schema: { readonly matches: boolean | null; readonly checkedAt: string | null } & Readonly<
    Record<string, unknown>
  >;
}

/** What the HTTP adapter learns about the database's reachability (for the outage log). */
export interface DatabaseReachability {
  /** Whether a request's error means the database could not be reached. */
  isUnreachable(error: unknown): boolean;
  /** Calls `listener` after every query that succeeded. */
  onQuerySucceeded(listener: () => void): void;
}

/**
 * What the HTTP adapter needs from the rest of the application (built by `composeWebServer` in
 * `src/app/composition/web-server.ts`).
 */
export interface AppServices {
  readonly forms: TrainingFormService;
  health(): Promise<HealthReport>;
  readonly details: FormDetailsService;
  /** Trainers' signatures on forms (`POST /forms/:id/sign`, the detail page's signature section). */
  readonly signatures: FormSignatureService;
  readonly attachments: AttachmentService;
  readonly sessions: SessionService;
  readonly signIn: SignInService;
  readonly adminUsers: AdminUserService;
  /** Last run of each job and recent runs (`/admin/jobs`). */
  readonly jobStatus: JobStatusService;
  /** Recorded deploys (`/admin/deployments`). */
  readonly deployments: DeploymentHistory;
  /** Settings the pages need. */
  readonly pageSettings: PageSettings;
  readonly databaseReachability: DatabaseReachability;
  /** The documents register (`/documents`). */
  readonly documents: DocumentRegisterService;
  /** Training requirements of each document (`/documents/:id`). */
  readonly requirements: TrainingRequirementService;
  /** The training matrix (`/documents/:id/matrix`, `/matrix`). */
  readonly matrix: TrainingMatrixService;
  /** The directory's department and job-title spellings, offered as requirement choices. */
  readonly directoryScopes: DirectoryScopes;
  /** Employee search and training records (`/employees`, `/employees/:id/record`). */
  readonly employeeRecords: EmployeeRecordService;
}

/** Settings the pages need (from the validated configuration). */
export interface PageSettings {
  readonly appEnv: string;
  readonly secretKey: string;
  readonly secureCookies: boolean;
  /** Whether the sign-in page is the development login (username only). */
  readonly devLogin: boolean;
  readonly maxUploadBytes: number;
  /** Serve templates from a cache (everywhere but development). */
  readonly cacheTemplates: boolean;
  /** SOFT_DELETE_RETENTION_DAYS: how long a form stays in the trash before the cleanup job purges it. */
  readonly softDeleteRetentionDays: number;
}
