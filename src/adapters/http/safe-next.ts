/**
 * A local path to return to after sign-in, or null. Only same-site paths are kept: absolute URLs,
 * protocol-relative `//host`, backslash tricks and control characters are refused (open redirect).
 * The value is checked as given and again once normalised: dot segments (`/.//host`,
 * `/%2e%2e//host`) can turn a harmless-looking path into `//host`.
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length > 2000) return null;
  if (!isLocalPath(value)) return null;
  try {
    const url = new URL(value, 'http://local.invalid');
    if (url.origin !== 'http://local.invalid') return null;
    if (url.pathname === '/login' || url.pathname === '/logout') return '/';
    const result = `${url.pathname}${url.search}`;
    return isLocalPath(result) ? result : null;
  } catch {
    return null;
  }
}

/** Starts with exactly one `/` (not `//` or `/\`), no backslash, no control character. */
function isLocalPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') && !/[\u0000-\u001f\u007f]/.test(path);
}
