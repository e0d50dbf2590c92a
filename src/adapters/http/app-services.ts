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
import type { SystemStatusService } from '../../domain/system-status-service.ts';
import type { JobControlService } from '../../domain/job-control-service.ts';
import type { AuditTrailService } from '../../domain/audit-trail-service.ts';

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

/** The whole `db check` (its four verdicts) against this instance's database, for the admin home. */
export interface SchemaCheckStatus {
  /** The last check: computed on first use and after migrations, then kept (introspection is dozens of queries). */
  latest(): Promise<SchemaCheckSummary>;
  /** Checks again now. */
  recheck(): Promise<SchemaCheckSummary>;
}

/** What `npm run db -- check` says about this instance's database, for people. */
export interface SchemaCheckSummary {
  readonly checkedAt: Date;
  /** Every verdict passed; null when the check could not run (`error` says why). */
  readonly ok: boolean | null;
  readonly error: string | null;
  /**
   * The four verdicts in order (pending, unknown, changed migrations; schema differences); empty when
   * it could not run.
   */
  readonly verdicts: readonly {
    readonly ok: boolean;
    readonly title: string;
    readonly items: readonly string[];
  }[];
  /** Migrations applied to the database and pending in the code; null when the check could not run. */
  readonly migrations: {
    readonly applied: number;
    readonly pending: readonly string[];
    readonly current: string | null;
    readonly latest: string | null;
  } | null;
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
  /** The jobs, backups and deploys at a glance (`/admin`) and the admin pages' banner. */
  readonly systemStatus: SystemStatusService;
  /** The four verdicts of `db check` against this database (`/admin`). */
  readonly schemaCheck: SchemaCheckStatus;
  /** "Run now" on `/admin/jobs`. */
  readonly jobControl: JobControlService;
  /** Every audit event, filtered and paged (`/admin/audit`). */
  readonly auditTrail: AuditTrailService;
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
