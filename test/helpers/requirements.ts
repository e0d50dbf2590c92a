import type { Test } from 'tap';

/**
 * Decides what a suite does when something it needs (MariaDB, slapd, Chromium) is missing:
 * with CI set it fails, so CI can never pass by skipping; elsewhere it skips with a loud message.
 * Returns true when the suite may run.
 */
export function requireOrSkip(t: Test, what: string, unavailableReason: string | null): boolean {
  if (unavailableReason === null) return true;
  const message = `${what} is not available (${unavailableReason})`;
  if (process.env.CI) {
    t.fail(`${message}; CI requires it`);
    return false;
  }
  process.stderr.write(`\n*** SKIPPING: ${message}. Set it up to run these tests (CI fails here instead). ***\n\n`);
  t.pass(`SKIPPED: ${message}`, { skip: message });
  return false;
}
