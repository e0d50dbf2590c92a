import type { AuthenticationResult, Authenticator } from '../../domain/ports/authenticator.ts';

/**
 * The development-only {@link Authenticator}: any non-empty username signs in, the password is
 * ignored. The composition root uses it only when the configuration allows the development login,
 * which it refuses in staging and production.
 */
export class DevelopmentAuthenticator implements Authenticator {
  async authenticate(username: string): Promise<AuthenticationResult> {
    const name = username.trim().toLowerCase();
    if (!/^[a-z0-9._-]{1,120}$/.test(name))
      return {
        ok: false,
        reason: 'invalid-credentials',
        detail: 'development login: username must be 1-120 of a-z 0-9 . _ -',
      };
    return { ok: true, user: { username: name, displayName: name, email: null, groups: [] } };
  }
}
