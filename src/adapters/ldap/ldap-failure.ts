import { InvalidCredentialsError, InvalidDNSyntaxError, ResultCodeError, TimeLimitExceededError } from 'ldapts';
import type { AuthenticationFailureReason, AuthenticationResult } from '../../domain/ports/authenticator.ts';

/** A failed result; `detail` is for the log (never contains a password). */
export function failure(reason: AuthenticationFailureReason, detail: string): AuthenticationResult {
  return { ok: false, reason, detail };
}

// Active Directory puts a sub-code into the diagnostic message of a failed bind ("..., data 775, v4563").
const AD_BIND_CODES: Readonly<Record<string, { blocked: boolean; text: string }>> = {
  '525': { blocked: false, text: 'user not found' },
  '52e': { blocked: false, text: 'wrong password' },
  '530': { blocked: true, text: 'sign-in not permitted at this time' },
  '531': { blocked: true, text: 'sign-in not permitted from this workstation' },
  '532': { blocked: false, text: 'password expired' },
  '533': { blocked: true, text: 'account disabled' },
  '701': { blocked: true, text: 'account expired' },
  '773': { blocked: false, text: 'password must be reset' },
  '775': { blocked: true, text: 'account locked out' },
};

/** True for the answers a directory gives to a bad name or password (as opposed to a broken directory). */
export function isCredentialRejection(error: unknown): boolean {
  return error instanceof InvalidCredentialsError || error instanceof InvalidDNSyntaxError;
}

/**
 * Maps a refused user bind to a result (`meaning` says what a plain refusal means at this step);
 * Active Directory's sub-codes for blocked accounts give `account-disabled`.
 */
export function rejectedBind(error: unknown, who: string, meaning: string): AuthenticationResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = /\bdata ([0-9a-f]{3,4})\b/i.exec(message)?.[1]?.toLowerCase();
  const ad = code === undefined ? undefined : AD_BIND_CODES[code];
  if (ad?.blocked) return failure('account-disabled', `${who}: ${ad.text} (AD data ${code})`);
  if (ad) return failure('invalid-credentials', `${who}: ${ad.text} (AD data ${code})`);
  if (error instanceof InvalidDNSyntaxError) return failure('invalid-credentials', `${who}: the directory refused the bind name as invalid (${message})`);
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
