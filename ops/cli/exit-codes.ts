/**
 * The exit codes of every operator command (`npm run db|schema:check|job|backup|restore|seed|
 * service|deploy|test:integration`), mapped in one place ({@link runCli}). The README's Commands
 * section shows the same table.
 *
 * | code | name          | meaning                                                                          |
 * |------|---------------|----------------------------------------------------------------------------------|
 * | 0    | OK            | done: succeeded, clean check, healthy, dry run completed                         |
 * | 1    | FAILED        | the work ran and failed, or found a problem: a failed migration/job/check, a     |
 * |      |               | schema mismatch, a failed or rolled-back deploy, an unexpected error             |
 * | 2    | USAGE         | it could not start: a wrong command line (bad flag, bad number), a bad           |
 * |      |               | configuration, or a precondition checked before anything changed (db check       |
 * |      |               | cannot reach the database; deploy refused by its gate, lock or preflight)        |
 * | 3    | DECLINED      | it looked and deliberately did nothing: a job skipped (another run holds its     |
 * |      |               | lock), a restore refused (data and no --yes), `service status` finding it        |
 * |      |               | stopped or unhealthy                                                             |
 * | 4    | INVALID_INPUT | what it was given is unusable: a backup that is corrupt or incomplete            |
 *
 * One exception, kept because its test asserts it: `seed` exits 1 (not 2) for a bad number and
 * when it refuses a production database.
 */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  DECLINED: 3,
  INVALID_INPUT: 4,
} as const;

/** One of {@link EXIT}'s codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
