/**
 * Values kept for a few seconds per key: list counts, the list chart's months and the ordered match
 * ids of text searches. The list page runs the same count (and a paged search the same scan) for every visitor; this
 * keeps one per few seconds instead of one per request. Writes through this instance clear it at
 * once; writes by other instances show up within `ttlMs` (the rows shown are always read fresh).
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly at: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, at: this.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The caches one unit of work shares between its transactions. */
export interface ListCaches {
  readonly counts: ShortLivedCache<number>;
  /** The list chart's forms per month (`[month, forms]`; null: too many matches), by the same key as the counts. */
  readonly months: ShortLivedCache<readonly (readonly [string, number])[] | null>;
  /**
   * Ordered ids of every match of a text search (null: more than `MAX_CACHED_IDS`), kept as a
   * promise so that simultaneous requests share one scan.
   */
  readonly searchIds: ShortLivedCache<Promise<readonly number[] | null>>;
}

/** The caches of one unit of work, each entry kept `ttlMs` (default 5 s). */
export function listCaches(ttlMs = 5_000): ListCaches {
  return {
    counts: new ShortLivedCache<number>(ttlMs, 1_000),
    months: new ShortLivedCache<readonly (readonly [string, number])[] | null>(ttlMs, 200),
    searchIds: new ShortLivedCache<Promise<readonly number[] | null>>(ttlMs, 20),
  };
}
