import type { Employee } from '../employee.ts';
import type { ProgressListener } from './progress-listener.ts';

/** A person as the company directory lists them: the employee's directory fields. */
export type DirectoryPerson = Pick<
  Employee,
  'directoryId' | 'displayName' | 'email' | 'userPrincipalName' | 'department' | 'jobTitle'
> & {
  /** False for a disabled account (still listed, but no longer an active employee). */
  readonly enabled: boolean;
};

/** The company directory (Microsoft Graph in production, a stand-in in tests). */
export interface EmployeeDirectory {
  /**
   * Every person in the directory, all pages read. Rejects if any page cannot be read (after the
   * transport's own retries): a partial list is never returned. `onProgress` is told the people
   * read so far (stage `directory`, no total: the directory does not say) after each page.
   */
  listAll(signal?: AbortSignal, onProgress?: ProgressListener): Promise<DirectoryPerson[]>;
}
