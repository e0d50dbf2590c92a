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

/**
 * What tells a person apart from others of the same name (the directory has several "Anna Schmidt"):
 * job title, department and email, or the employee number when there is no email. Every place a
 * person is picked or shown writes this after the name, so the type-ahead and Find read the same.
 */
export function personDetails(e: Pick<Employee, 'id' | 'email' | 'jobTitle' | 'department'>): string {
  return [e.jobTitle, e.department, e.email ?? `employee no. ${e.id}`].filter(Boolean).join(' · ');
}
