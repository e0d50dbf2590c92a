/** The request lists of the search-load benchmark, drawn from a seeded database (seed 11). */
import type { Kysely } from 'kysely';
import type { Database } from '../src/declared-schema/declared-schema.ts';
import { randomSource } from '../src/adapters/db/seed/seed-database.ts';
import { TRAINING_TYPES } from '../src/domain/training-form.ts';
import { drawQueries } from './search-queries.ts';

export interface LoadUrls {
  /** `/?q=…`: the drawn queries, a fifth with a filter and a fifth on a later page. */
  readonly search: readonly string[];
  /** `/?…`: one to four filters (trainee, date range, type, SOP reference), some on a later page. */
  readonly list: readonly string[];
  /** `/forms/<id>` of random active forms. */
  readonly detail: readonly string[];
}

type Rnd = ReturnType<typeof randomSource>;
const url = (params: Record<string, string | number>) =>
  `/?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;

/** A date range of one month to two years, inside the seeded ten years. */
function dateRange(rnd: Rnd): { from: string; to: string } {
  const year = new Date().getUTCFullYear() - rnd.int(1, 10);
  const month = rnd.int(1, 12);
  const from = `${year}-${String(month).padStart(2, '0')}-01`;
  const months = rnd.pick([1, 3, 6, 12, 24]);
  const end = new Date(Date.UTC(year, month - 1 + months, 0)).toISOString().slice(0, 10);
  return { from, to: end };
}

function listUrl(rnd: Rnd, employeeIds: readonly number[]): string {
  const params: Record<string, string | number> = {};
  while (Object.keys(params).length === 0) {
    if (rnd.next() < 0.4) params.trainee = rnd.pick(employeeIds);
    if (rnd.next() < 0.5) Object.assign(params, dateRange(rnd));
    if (rnd.next() < 0.4) params.type = rnd.pick(TRAINING_TYPES);
    if (rnd.next() < 0.3) params.document = rnd.next() < 0.5 ? `SOP-${rnd.int(100, 999)}` : `SOP-${rnd.int(1, 9)}`;
  }
  if (rnd.next() < 0.2) params.page = rnd.int(2, 5);
  return url(params);
}

/** At least `count` distinct URLs of each kind (detail: `count` ids, repeats possible when fewer forms). */
export async function drawLoadUrls(db: Kysely<Database>, count: number): Promise<LoadUrls> {
  const rnd = randomSource(11);
  const sample = await db
    .selectFrom('training_forms')
    .select(['title', 'trainer', 'description', 'reference_document'])
    .where('id', '<=', 5000)
    .execute();
  const employeeIds = (await db.selectFrom('employees').select('id').execute()).map((r) => r.id);
  const maxId = Number(
    (
      await db
        .selectFrom('training_forms')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m,
  );
  const search = drawQueries(sample, count).map((q) => {
    const kind = rnd.next();
    if (kind < 0.1) return url({ q, type: rnd.pick(TRAINING_TYPES) });
    if (kind < 0.2) return url({ q, ...dateRange(rnd) });
    if (kind < 0.4) return url({ q, page: rnd.int(2, 10) });
    return url({ q });
  });
  const list = new Set<string>();
  for (let tries = 0; list.size < count && tries < count * 20; tries++) list.add(listUrl(rnd, employeeIds));
  const candidates = Array.from({ length: count * 2 }, () => rnd.int(1, maxId));
  const active = await db
    .selectFrom('training_forms')
    .select('id')
    .where('id', 'in', candidates)
    .where('deleted', '=', 0)
    .execute();
  return { search, list: [...list], detail: active.slice(0, count).map((r) => `/forms/${r.id}`) };
}
