import { isAdminByGroup } from './admin-by-group.ts';
import type { AdminUserRepository } from './ports/admin-user-repository.ts';
import type { AuditLog } from './ports/audit-log.ts';
import type { AuthenticatedUser, AuthenticationFailureReason, Authenticator } from './ports/authenticator.ts';
import type { Clock } from './ports/clock.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';
import { fitUsername, MAX_USERNAME_LENGTH, type SessionUser } from './user.ts';

/** The only message a failed sign-in shows: it never says whether the account exists. */
export const SIGN_IN_FAILED_MESSAGE = 'Sign-in failed: check your username and password.';
/** The password was right (the directory said so) but the account may not sign in. */
export const ACCOUNT_BLOCKED_MESSAGE = 'Your account cannot sign in at the moment; contact IT.';
/** The password was right but must be changed first. */
export const PASSWORD_MUST_CHANGE_MESSAGE =
  'Your password must be changed before you can sign in; change it in Windows or contact IT.';
const UNAVAILABLE_MESSAGE =
  'Sign-in is not possible right now: the company directory does not answer. Please try again shortly.';

export type SignInResult =
  | { readonly ok: true; readonly user: SessionUser }
  | {
      readonly ok: false;
      readonly reason: AuthenticationFailureReason | 'empty-username' | 'throttled';
      readonly message: string;
      /** With `throttled`: seconds until the next attempt is allowed. */
      readonly retryAfterSeconds?: number;
      /** What the authenticator said (for the log; never a password, never shown to the person). */
      readonly detail?: string;
    };

/**
 * Signs people in through whichever {@link Authenticator} the application was built with and
 * decides who is an administrator: listed in `admin_users`, or a member of the admin group.
 * Every attempt is audited (never the password).
 */
export class SignInService {
  constructor(
    private readonly deps: {
      readonly authenticator: Authenticator;
      readonly admins: AdminUserRepository;
      readonly audit: AuditLog;
      readonly clock: Clock;
      /** Members of this directory group (DN, compared the way AD does) are administrators. */
      readonly adminGroupDn?: string | null;
      /** Failed sign-ins per user and per address (usually 5 per user, 20 per address, 15 minutes). */
      readonly throttle: SignInThrottle;
    },
  ) {
    this.throttle = deps.throttle;
  }

  private readonly throttle: SignInThrottle;

  /**
   * Checks the credentials through the authenticator. `address` is the client's address, for the
   * per-address limit on failed attempts; a throttled attempt never reaches the directory, nor
   * does a name longer than {@link MAX_USERNAME_LENGTH} (an ordinary `invalid-credentials` failure).
   */
  async signIn(username: string, password: string, address = 'unknown'): Promise<SignInResult> {
    const checked = await this.checkPassword(username, password, address, null);
    if (!checked.ok) return checked.failure;
    const { name, result, at } = checked;
    const user: SessionUser = {
      username: result.username.toLowerCase(),
      displayName: result.displayName || result.username,
      email: result.email,
      isAdmin: await this.isAdmin(result),
    };
    await this.throttle.recordSuccess(name);
    await this.audit(at, user.username, 'sign-in', { admin: user.isAdmin });
    return { ok: true, user };
  }

  /**
   * Checks a signed-in user's password again, for an act that needs it (an electronic signature:
   * `purpose` says which, in the audit trail). The same throttle and audit as {@link signIn}: a
   * wrong password counts as a failed sign-in (`sign-in-failed` with the purpose), and a throttled
   * user is refused without asking the directory. A right password is not a new sign-in: only the
   * user's failures are cleared.
   */
  async confirmPassword(
    username: string,
    password: string,
    address: string,
    purpose: string,
  ): Promise<{ readonly ok: true } | Extract<SignInResult, { ok: false }>> {
    const checked = await this.checkPassword(username, password, address, purpose);
    if (!checked.ok) return checked.failure;
    await this.throttle.recordSuccess(checked.name);
    return { ok: true };
  }

  /** The throttle, the length limit and the directory, each failure recorded and audited. */
  private async checkPassword(
    username: string,
    password: string,
    address: string,
    purpose: string | null,
  ): Promise<
    | { readonly ok: true; readonly name: string; readonly result: AuthenticatedUser; readonly at: Date }
    | { readonly ok: false; readonly failure: Extract<SignInResult, { ok: false }> }
  > {
    const fail = (failure: Extract<SignInResult, { ok: false }>) => ({ ok: false as const, failure });
    const withPurpose = (details: Record<string, unknown>) => (purpose ? { ...details, purpose } : details);
    const name = username.trim().toLowerCase();
    if (name === '') return fail({ ok: false, reason: 'empty-username', message: SIGN_IN_FAILED_MESSAGE });
    const wait = await this.throttle.retryAfterMs(name, address, this.deps.clock.now().getTime());
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      await this.audit(this.deps.clock.now(), name, 'sign-in-throttled', withPurpose({ address }));
      return fail({
        ok: false,
        reason: 'throttled',
        message: `Too many failed sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    if (Array.from(name).length > MAX_USERNAME_LENGTH) {
      // No directory account has such a name, and it would not fit the audit columns: refused
      // here, before any bind, and audited under the name cut to fit.
      const at = this.deps.clock.now();
      await this.throttle.recordFailure(name, address, at.getTime());
      await this.audit(
        at,
        name,
        'sign-in-failed',
        withPurpose({
          reason: 'invalid-credentials',
          detail: `username longer than ${MAX_USERNAME_LENGTH} characters`,
        }),
      );
      return fail({ ok: false, reason: 'invalid-credentials', message: SIGN_IN_FAILED_MESSAGE });
    }
    const result = await this.deps.authenticator.authenticate(name, password);
    const at = this.deps.clock.now();
    if (!result.ok) {
      // Directory outages are not the user's fault: they do not count towards the limit.
      if (result.reason !== 'directory-unavailable' && result.reason !== 'directory-timeout')
        await this.throttle.recordFailure(name, address, at.getTime());
      await this.audit(at, name, 'sign-in-failed', withPurpose({ reason: result.reason, detail: result.detail }));
      return fail({ ok: false, reason: result.reason, message: failureMessage(result.reason), detail: result.detail });
    }
    return { ok: true, name, result: result.user, at };
  }

  /** Records a sign-out in the audit trail. */
  async signedOut(username: string): Promise<void> {
    await this.audit(this.deps.clock.now(), username, 'sign-out', null);
  }

  private async isAdmin(user: AuthenticatedUser): Promise<boolean> {
    if (isAdminByGroup(user, this.deps.adminGroupDn ?? null)) return true;
    return this.deps.admins.isAdmin(user.username.toLowerCase());
  }

  private audit(at: Date, actor: string, action: string, details: Record<string, unknown> | null) {
    const name = fitUsername(actor);
    return this.deps.audit.record({ occurredAt: at, actor: name, action, entityType: 'user', entityId: name, details });
  }
}

/**
 * What the person is told. Only reasons the authenticator returns after a right password say more
 * than the ordinary failure (see `AuthenticationFailureReason`).
 */
function failureMessage(reason: AuthenticationFailureReason): string {
  switch (reason) {
    case 'directory-unavailable':
    case 'directory-timeout':
      return UNAVAILABLE_MESSAGE;
    case 'account-disabled':
      return ACCOUNT_BLOCKED_MESSAGE;
    case 'password-must-change':
      return PASSWORD_MUST_CHANGE_MESSAGE;
    default:
      return SIGN_IN_FAILED_MESSAGE;
  }
}
