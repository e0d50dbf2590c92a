/**
 * Recent match counts of list queries, per query key, for a few seconds. The list page runs the
 * same count for every visitor; this keeps one count per few seconds instead of one per request.
 * Writes through this instance clear it at once; writes by other instances show up in the
 * total within `ttlMs` (the rows of the page itself are always read fresh).
 */
export class CountCache {
  private readonly entries = new Map<string, { readonly count: number; readonly at: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(key: string): number | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.count;
  }

  set(key: string, count: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { count, at: this.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}
