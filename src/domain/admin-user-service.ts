import { AdminUserNotFoundError, LastAdminUserError, ValidationError } from './errors.ts';
import type { AdminUser, AdminUserRepository } from './ports/admin-user-repository.ts';
import type { AuditLog } from './ports/audit-log.ts';
import type { Clock } from './ports/clock.ts';
import type { SessionService } from './session-service.ts';

const USERNAME = /^[a-z0-9._@-]{1,120}$/;

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
    },
  ) {}

  list(): Promise<AdminUser[]> {
    return this.deps.admins.list();
  }

  /** Lists `username` as an administrator (idempotent). Throws {@link ValidationError} for a malformed name. */
  async add(username: string, actor: string): Promise<void> {
    const name = username.trim().toLowerCase();
    if (!USERNAME.test(name))
      throw new ValidationError({ username: 'A sign-in name: letters, digits and . _ @ - only.' });
    const at = this.deps.clock.now();
    const added = await this.deps.admins.ensure([name], actor, at);
    if (added.length === 0) return;
    await this.deps.sessions.endAllFor(name);
    await this.deps.audit.record({
      occurredAt: at,
      actor,
      action: 'admin-add',
      entityType: 'admin_user',
      entityId: name,
      details: null,
    });
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
