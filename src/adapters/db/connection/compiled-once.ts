import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { markPrepared } from '../mariadb/mariadb-prepared-pool.ts';

/** Stands in for argument `index` while the query is built; never sent to a database. */
class Placeholder {
  constructor(readonly index: number) {}
}

/**
 * A query of fixed shape, built and compiled by Kysely once: each `execute` only binds new values.
 * Building and compiling the detail page's selects on every request, and the garbage that left,
 * cost about a third of its server CPU (BENCHMARKS.md, "Pages", 2026-12-02); hot statements whose
 * text never changes are made with this instead.
 *
 * On MariaDB it also runs as a server-side prepared statement ({@link markPrepared}).
 *
 * `build` gets one placeholder per argument and must pass each one, untouched, as a bound value
 * (`where('id', '=', id)`); anything else it binds stays constant. An argument that is converted
 * (`String(id)`) or inlined would vanish from the parameters, so the constructor refuses it.
 */
export class CompiledOnce<Args extends readonly unknown[], Row> {
  private readonly compiled: CompiledQuery<Row>;
  /** For each bound value of the compiled query: the argument it takes, or -1 for a constant. */
  private readonly slots: readonly number[];

  constructor(
    private readonly db: Kysely<Database>,
    arity: Args['length'],
    build: (...args: Args) => Compilable<Row>,
  ) {
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i));
    const built = build(...(placeholders as unknown as Args)).compile();
    this.compiled = { ...built, sql: markPrepared(built.sql) };
    this.slots = this.compiled.parameters.map((p) => (p instanceof Placeholder ? p.index : -1));
    const unbound = placeholders.filter((p) => !this.slots.includes(p.index));
    if (unbound.length > 0)
      throw new Error(`argument ${unbound[0]!.index} of the query is not bound as a value: ${this.compiled.sql}`);
  }

  async execute(...args: Args): Promise<Row[]> {
    const parameters = this.compiled.parameters.map((p, i) => (this.slots[i] === -1 ? p : args[this.slots[i]!]));
    const result = await this.db.executeQuery<Row>(CompiledQuery.raw(this.compiled.sql, parameters));
    return result.rows;
  }
}
