/**
 * Matrix pages kept in process by what determines them (scope, rules, status, page, the matrix's
 * generation), at most `capacity` of them, the least recently used dropped first. No time limit:
 * an entry is right for as long as its key is asked for, because the key holds the generation
 * (`TrainingMatrixQueries.generation`) and today's date. The promise is kept, so requests that
 * miss together compute the page once; a rejected one is forgotten.
 */
export class MatrixPageCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  /** `capacity` 0 keeps nothing: every call computes. */
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The page kept under `key`, else `compute()`'s, kept. */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.capacity <= 0) return compute();
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    const made = compute();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return made;
  }
}
