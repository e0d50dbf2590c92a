/** A person from the company directory; forms reference employees as trainees. */
export interface Employee {
  readonly id: number;
  /** The directory's immutable id (Entra ID object id). */
  readonly directoryId: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly userPrincipalName: string | null;
  readonly department: string | null;
  readonly jobTitle: string | null;
  /** False once the directory no longer lists the person; never deleted (forms reference them). */
  readonly active: boolean;
  readonly lastSyncedAt: Date | null;
}

export type EmployeeFields = Omit<Employee, 'id'>;
