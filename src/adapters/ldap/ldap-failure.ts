import { InvalidCredentialsError, InvalidDNSyntaxError, ResultCodeError, TimeLimitExceededError } from 'ldapts';
import type { AuthenticationFailureReason, AuthenticationResult } from '../../domain/ports/authenticator.ts';

/** A failed result; `detail` is for the log (never contains a password). */
export function failure(reason: AuthenticationFailureReason, detail: string): AuthenticationResult {
  return { ok: false, reason, detail };
}

// Active Directory puts a sub-code into the diagnostic message of a failed bind ("..., data 775, v4563").
// AD checks the password before it reports 530-533, 701 and 773, so those mean the password was
// right; 775 (locked out) comes whatever the password, so it must not tell the person more.
const AD_BIND_CODES: Readonly<Record<string, { reason: AuthenticationFailureReason; text: string }>> = {
  '525': { reason: 'invalid-credentials', text: 'user not found' },
  '52e': { reason: 'invalid-credentials', text: 'wrong password' },
  '530': { reason: 'account-disabled', text: 'sign-in not permitted at this time' },
  '531': { reason: 'account-disabled', text: 'sign-in not permitted from this workstation' },
  '532': { reason: 'password-must-change', text: 'password expired' },
  '533': { reason: 'account-disabled', text: 'account disabled' },
  '701': { reason: 'account-disabled', text: 'account expired' },
  '773': { reason: 'password-must-change', text: 'password must be reset' },
  '775': {
    reason: 'invalid-credentials',
    text: 'account locked out; AD says so whatever the password, so it is not known to be right',
  },
};

/** True for the answers a directory gives to a bad name or password (as opposed to a broken directory). */
export function isCredentialRejection(error: unknown): boolean {
  return error instanceof InvalidCredentialsError || error instanceof InvalidDNSyntaxError;
}

/**
 * Maps a refused user bind to a result (`meaning` says what a plain refusal means at this step);
 * Active Directory's sub-codes for blocked accounts give `account-disabled`, for a password to
 * change `password-must-change` (both only where AD has checked the password first).
 */
export function rejectedBind(error: unknown, who: string, meaning: string): AuthenticationResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = /\bdata ([0-9a-f]{3,4})\b/i.exec(message)?.[1]?.toLowerCase();
  const ad = code === undefined ? undefined : AD_BIND_CODES[code];
  if (ad) return failure(ad.reason, `${who}: ${ad.text} (AD data ${code})`);
  if (error instanceof InvalidDNSyntaxError)
    return failure('invalid-credentials', `${who}: the directory refused the bind name as invalid (${message})`);
  return failure('invalid-credentials', `${who}: ${meaning} (${message})`);
}

/** Maps anything else that went wrong while talking to the directory to a reason. */
export function directoryFailure(error: unknown, during: string): AuthenticationResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof TimeLimitExceededError || /timed out|Connection timeout/i.test(message) || code === 'ETIMEDOUT')
    return failure('directory-timeout', `${during}: no answer from the directory in time (${message})`);
  if (error instanceof ResultCodeError)
    return failure('directory-unavailable', `${during}: the directory refused the request (${message})`);
  return failure('directory-unavailable', `${during}: ${typeof code === 'string' ? `${code} ` : ''}${message}`.trim());
}
