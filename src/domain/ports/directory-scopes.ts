import type { ScopeKind } from '../training-requirement.ts';

/**
 * The department and job-title spellings the employee directory (synced from Graph) uses, offered
 * as choices when a document is required for a scope: a requirement matches employees only when
 * its value is spelled exactly as theirs.
 */
export interface DirectoryScopes {
  /**
   * The distinct non-empty values of `kind` among active employees, in code-unit order (the same
   * on every host). No employees, or none with a value, gives []. On MariaDB, values differing
   * only in case or accents come back once (its collation compares them equal, as it does when it
   * matches requirements).
   */
  spellings(kind: ScopeKind): Promise<string[]>;
}
