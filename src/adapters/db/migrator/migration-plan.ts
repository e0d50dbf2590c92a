import type { MigrationFile } from './migration-files.ts';
import type { AppliedMigration } from './migration-store.ts';

/** The command cannot be carried out as asked (unknown target, out-of-order file, unknown applied migration). */
export class MigrationPlanError extends Error {
  readonly code = 'MIGRATION_PLAN';
  override name = 'MigrationPlanError';
}

/** Which migrations the code has and which the database has applied. */
export interface MigrationStatus {
  readonly files: readonly MigrationFile[];
  readonly applied: readonly AppliedMigration[];
  /** Files not applied, in name order. */
  readonly pending: readonly MigrationFile[];
  /** Applied in the database, no file in the code. */
  readonly unknown: readonly AppliedMigration[];
  /** The newest applied migration, or null. */
  readonly current: string | null;
  /** The newest file, or null. */
  readonly head: string | null;
}

export function migrationStatus(
  files: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
): MigrationStatus {
  const appliedNames = new Set(applied.map((a) => a.name));
  const fileNames = new Set(files.map((f) => f.name));
  return {
    files,
    applied,
    pending: files.filter((f) => !appliedNames.has(f.name)),
    unknown: applied.filter((a) => !fileNames.has(a.name)),
    current: applied.at(-1)?.name ?? null,
    head: files.at(-1)?.name ?? null,
  };
}

function refuseUnknown(s: MigrationStatus) {
  if (s.unknown.length)
    throw new MigrationPlanError(
      `the database has applied migrations this code does not have: ${s.unknown.map((u) => u.name).join(', ')} (older code over a newer database, or a migration never committed)`,
    );
}

function resolve(s: MigrationStatus, target: string): MigrationFile {
  const matches = s.files.filter(
    (f) => f.name === target || f.name.startsWith(`${target}_`) || (target.length >= 4 && f.name.includes(target)),
  );
  const exact = s.files.find((f) => f.name === target);
  if (exact) return exact;
  if (matches.length === 1 && matches[0]) return matches[0];
  throw new MigrationPlanError(
    matches.length
      ? `"${target}" matches several migrations: ${matches.map((m) => m.name).join(', ')}`
      : `no migration named "${target}"`,
  );
}

/** The files `upgrade <target>` applies, in order. `target` is `head` or a (unique part of a) name. */
export function planUpgrade(s: MigrationStatus, target: string): MigrationFile[] {
  refuseUnknown(s);
  const last = s.files.find((f) => f.name === s.current);
  const early = s.pending.find((p) => last && p.name < last.name);
  if (early)
    throw new MigrationPlanError(
      `pending migration ${early.name} sorts before the applied ${s.current}: give it a newer timestamp`,
    );
  if (target === 'head') return [...s.pending];
  const to = resolve(s, target);
  if (s.current && to.name < s.current)
    throw new MigrationPlanError(`${to.name} is older than the current ${s.current}: use downgrade`);
  return s.pending.filter((p) => p.name <= to.name);
}

/**
 * The files `downgrade <target>` reverts, newest first: `-N` (the last N), a name (everything
 * applied after it; it stays applied) or `base` (everything).
 */
export function planDowngrade(s: MigrationStatus, target: string): MigrationFile[] {
  refuseUnknown(s);
  const applied = s.files.filter((f) => s.applied.some((a) => a.name === f.name)).reverse();
  if (target === 'base') return applied;
  const steps = /^-(\d+)$/.exec(target);
  if (steps) {
    const n = Number(steps[1]);
    if (n < 1) throw new MigrationPlanError('downgrade -N needs N ≥ 1');
    if (n > applied.length)
      throw new MigrationPlanError(`cannot go back ${n}: only ${applied.length} migration(s) applied`);
    return applied.slice(0, n);
  }
  const to = resolve(s, target);
  if (!applied.includes(to)) throw new MigrationPlanError(`${to.name} is not applied: nothing to downgrade to`);
  return applied.filter((f) => f.name > to.name);
}

/** What `stamp <target>` records (`up`) and forgets (`down`) so the database is at `target`. */
export function planStamp(s: MigrationStatus, target: string): { record: MigrationFile[]; forget: MigrationFile[] } {
  refuseUnknown(s);
  const to = target === 'head' ? s.files.at(-1) : resolve(s, target);
  if (!to) throw new MigrationPlanError('there are no migrations to stamp');
  const appliedNames = new Set(s.applied.map((a) => a.name));
  return {
    record: s.files.filter((f) => f.name <= to.name && !appliedNames.has(f.name)),
    forget: s.files.filter((f) => f.name > to.name && appliedNames.has(f.name)).reverse(),
  };
}
