import { AdminUserNotFoundError, DirectoryUnavailableError, LastAdminUserError, ValidationError } from './errors.ts';
import type { AdminUser, AdminUserRepository } from './ports/admin-user-repository.ts';
import type { AuditLog } from './ports/audit-log.ts';
import type { Clock } from './ports/clock.ts';
import type { DirectoryPerson, PersonDirectory } from './ports/person-directory.ts';
import type { SessionService } from './session-service.ts';

const USERNAME = /^[a-z0-9._@-]{1,120}$/;

/** A listed administrator with who the directory says it is (null: unknown there, or not asked). */
export interface ListedAdmin extends AdminUser {
  readonly person: DirectoryPerson | null;
}

/** The administrators page: those listed by name, and those who are admins through the directory group. */
export interface AdminOverview {
  readonly listed: readonly ListedAdmin[];
  /** Null when no `ADMIN_GROUP_DN` is set. */
  readonly group: {
    readonly dn: string;
    /** Null when the directory cannot list groups (no LDAP service account) or could not be reached. */
    readonly members: readonly DirectoryPerson[] | null;
    readonly unreachable: boolean;
  } | null;
  /** The directory could not be asked who the listed names are. */
  readonly unreachable: boolean;
}

/**
 * The administrators listed by name (admins by directory group are managed in the directory).
 * Every change is audited; a changed person's sessions end, so their rights change at once.
 */
export class AdminUserService {
  constructor(
    private readonly deps: {
      readonly admins: AdminUserRepository;
      readonly sessions: SessionService;
      readonly audit: AuditLog;
      readonly clock: Clock;
      /** Who a sign-in name is: LDAP with the service account, else the employee directory. */
      readonly people: PersonDirectory;
      /** `ADMIN_GROUP_DN`: its members are administrators too (null: none). */
      readonly adminGroupDn: string | null;
    },
  ) {}

  list(): Promise<AdminUser[]> {
    return this.deps.admins.list();
  }

  /** The listed administrators with who they are, and the directory group's members. */
  async overview(): Promise<AdminOverview> {
    const { people, adminGroupDn } = this.deps;
    const admins = await this.deps.admins.list();
    let unreachable = false;
    const listed = await Promise.all(
      admins.map(async (a) => {
        const found = await people.findByUsername(a.username).catch(unlessUnavailable(() => (unreachable = true)));
        return { ...a, person: found?.length === 1 ? found[0]! : null };
      }),
    );
    if (adminGroupDn === null || adminGroupDn.trim() === '') return { listed, group: null, unreachable };
    let groupUnreachable = false;
    const members = await people.membersOf(adminGroupDn).catch(unlessUnavailable(() => (groupUnreachable = true)));
    return {
      listed,
      group: { dn: adminGroupDn, members: members ?? null, unreachable: groupUnreachable },
      unreachable,
    };
  }

  /**
   * Who `username` is, from the directory, before adding them: {@link ValidationError} for a
   * malformed name, one nobody signs in with, or one several people match;
   * {@link DirectoryUnavailableError} when the directory cannot be asked.
   */
  async identify(username: string): Promise<DirectoryPerson> {
    const name = username.trim().toLowerCase();
    if (!USERNAME.test(name))
      throw new ValidationError({ username: 'A sign-in name: letters, digits and . _ @ - only.' });
    const found = await this.deps.people.findByUsername(name);
    if (found.length === 0)
      throw new ValidationError({
        username: `Nobody in the company directory signs in as “${name}”. Check the spelling: the sign-in name, such as anna.schmidt.`,
      });
    if (found.length > 1)
      throw new ValidationError({
        username: `${found.length} people in the directory match “${name}” (${found.map((p) => p.displayName).join(', ')}). Type the whole sign-in name, with the part after the @.`,
      });
    return found[0]!;
  }

  /**
   * Lists the person signing in as `username` as an administrator (idempotent), once the directory
   * confirms who it is ({@link identify}); returns that person.
   */
  async add(username: string, actor: string): Promise<DirectoryPerson> {
    const person = await this.identify(username);
    const name = person.username;
    const at = this.deps.clock.now();
    const added = await this.deps.admins.ensure([name], actor, at);
    if (added.length === 0) return person;
    await this.deps.sessions.endAllFor(name);
    await this.deps.audit.record({
      occurredAt: at,
      actor,
      action: 'admin-add',
      entityType: 'admin_user',
      entityId: name,
      details: null,
    });
    return person;
  }

  /**
   * The listed administrator `username` names, if they may be removed (for the confirmation):
   * {@link AdminUserNotFoundError} when not listed, {@link LastAdminUserError} for the last one.
   */
  async removable(username: string): Promise<AdminUser> {
    const name = username.trim().toLowerCase();
    const all = await this.deps.admins.list();
    const admin = all.find((a) => a.username === name);
    if (!admin) throw new AdminUserNotFoundError(name);
    if (all.length === 1) throw new LastAdminUserError(name);
    return admin;
  }

  /** Removes a listed administrator; never the last one ({@link LastAdminUserError}). */
  async remove(username: string, actor: string): Promise<void> {
    const { username: name } = await this.removable(username);
    await this.deps.admins.remove(name);
    await this.deps.sessions.endAllFor(name);
    await this.deps.audit.record({
      occurredAt: this.deps.clock.now(),
      actor,
      action: 'admin-remove',
      entityType: 'admin_user',
      entityId: name,
      details: null,
    });
  }
}

/** A failed directory call that only means "unknown here": notes it and answers null; anything else is rethrown. */
function unlessUnavailable(note: () => void) {
  return (error: unknown): null => {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    note();
    return null;
  };
}
