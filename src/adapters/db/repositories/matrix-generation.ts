import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';

/** The one row of `matrix_generation`. */
const ROW = 'matrix';

/**
 * Marks a change that can move a training matrix cell: one single-row `update … set generation =
 * generation + 1` on `db`, the transaction of the change (committed with it, rolled back with it).
 * Call it after the change's own statements, so the row stays locked for the rest of the
 * transaction only (docs/pages.md, "How the matrix is kept").
 */
export async function bumpMatrixGeneration(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('matrix_generation')
    .set((eb) => ({ generation: eb('generation', '+', 1) }))
    .where('name', '=', ROW)
    .execute();
}

/**
 * The matrix's generation as a token (`epoch:generation`), read by its primary key. Without the row
 * (it is written by its migration) every read gives a new token, so nothing kept is ever reused.
 */
export async function readMatrixGeneration(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('matrix_generation')
    .select(['generation', 'epoch'])
    .where('name', '=', ROW)
    .executeTakeFirst();
  return row ? `${row.epoch}:${String(row.generation)}` : `missing:${randomBytes(8).toString('hex')}`;
}
