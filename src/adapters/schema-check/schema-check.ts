import { diffSchemas, type Difference } from './schema-diff.ts';
import type { SchemaDialect, SchemaModel } from './schema-model.ts';

/** A migration as the check sees it: its name and checksum (file side or recorded side). */
export interface MigrationRecord {
  readonly name: string;
  /** Null on the database side when the migration was applied without a recorded checksum. */
  readonly checksum: string | null;
  /** Checksums of different algorithms (a `.ts` source vs its compiled `.js`) are not compared. */
  readonly algorithm?: string | null;
}

/** Everything `check` compares; gathered by `ops/` from the database adapter and the declaration. */
export interface CheckInput {
  readonly dialect: SchemaDialect;
  /** Human description of the target (`sqlite /path/x.db`, `mariadb host:port/name`); no credentials. */
  readonly target: string;
  readonly declared: SchemaModel;
  readonly live: SchemaModel;
  readonly files: readonly MigrationRecord[];
  readonly applied: readonly MigrationRecord[];
}

/**
 * The result of `check`; with `--json` it is printed as is (format documented in
 * docs/schema-safety.md; `formatVersion` changes if a field changes meaning).
 */
export interface CheckReport {
  readonly formatVersion: 1;
  readonly ok: boolean;
  readonly dialect: SchemaDialect;
  readonly target: string;
  readonly verdicts: {
    /** Verdict 1: files not applied. */
    readonly pendingMigrations: { readonly ok: boolean; readonly migrations: readonly string[] };
    /** Verdict 2: applied in the database, missing from the code. */
    readonly unknownMigrations: { readonly ok: boolean; readonly migrations: readonly string[] };
    /**
     * Verdict 3: applied migrations whose file changed since; `unverified`: no checksum recorded, or one of another
     * form (.ts vs compiled .js) — not a failure.
     */
    readonly changedMigrations: {
      readonly ok: boolean;
      readonly migrations: readonly {
        readonly name: string;
        readonly appliedChecksum: string;
        readonly fileChecksum: string;
      }[];
      readonly unverified: readonly string[];
    };
    /** Verdict 4: object-by-object differences between declaration and database. */
    readonly schemaDifferences: {
      readonly ok: boolean;
      readonly tables: number;
      readonly differences: readonly Difference[];
    };
  };
}

/** Runs the four verdicts. Pure: the caller did the reading. */
export function checkSchema(input: CheckInput): CheckReport {
  const applied = new Map(input.applied.map((a) => [a.name, a]));
  const fileNames = new Set(input.files.map((f) => f.name));
  const pending = input.files.filter((f) => !applied.has(f.name)).map((f) => f.name);
  const unknown = input.applied.filter((a) => !fileNames.has(a.name)).map((a) => a.name);
  const changed: { name: string; appliedChecksum: string; fileChecksum: string }[] = [];
  const unverified: string[] = [];
  for (const f of input.files) {
    const a = applied.get(f.name);
    if (!a) continue;
    if (a.checksum === null || (a.algorithm && f.algorithm && a.algorithm !== f.algorithm)) unverified.push(f.name);
    else if (f.checksum !== null && a.checksum !== f.checksum)
      changed.push({ name: f.name, appliedChecksum: a.checksum, fileChecksum: f.checksum });
  }
  const differences = diffSchemas(input.dialect, input.declared, input.live);
  const verdicts = {
    pendingMigrations: { ok: pending.length === 0, migrations: pending },
    unknownMigrations: { ok: unknown.length === 0, migrations: unknown },
    changedMigrations: { ok: changed.length === 0, migrations: changed, unverified },
    schemaDifferences: { ok: differences.length === 0, tables: Object.keys(input.declared.tables).length, differences },
  };
  return {
    formatVersion: 1,
    ok: Object.values(verdicts).every((v) => v.ok),
    dialect: input.dialect,
    target: input.target,
    verdicts,
  };
}
