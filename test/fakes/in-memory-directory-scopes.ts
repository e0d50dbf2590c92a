import type { Employee } from '../../src/domain/employee.ts';
import type { DirectoryScopes } from '../../src/domain/ports/directory-scopes.ts';
import type { ScopeKind } from '../../src/domain/training-requirement.ts';

/** {@link DirectoryScopes} over a list of employees (e.g. the register fakes' `state.employees`). */
export class InMemoryDirectoryScopes implements DirectoryScopes {
  constructor(private readonly s: { readonly employees: readonly Employee[] }) {}

  async spellings(kind: ScopeKind): Promise<string[]> {
    const values = this.s.employees
      .filter((e) => e.active)
      .map((e) => (kind === 'department' ? e.department : e.jobTitle));
    const distinct = new Set(values.filter((v): v is string => v !== null && v !== ''));
    return [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
