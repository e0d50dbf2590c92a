import { existsSync, readFileSync } from 'node:fs';

/** The first of `candidates` (relative to this file) that exists, parsed; null when none does. */
function nearestJson(candidates: readonly string[]): Record<string, unknown> | null {
  for (const up of candidates) {
    const url = new URL(up, import.meta.url);
    if (existsSync(url)) return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
  }
  return null;
}

const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The nearest package.json's version: `src/app/composition` in development, `dist/src/app/composition` when compiled.
 */
export const VERSION =
  asString(nearestJson(['../../../package.json', '../../../../package.json'])?.version) ?? 'unknown';

/** The commit a deployed release was built from (`release.json`, written by the deploy); null elsewhere. */
export const COMMIT = asString(nearestJson(['../../../release.json', '../../../../release.json'])?.commit);
