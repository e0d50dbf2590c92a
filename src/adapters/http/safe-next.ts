/**
 * A local path to return to after sign-in, or null. Only same-site paths are kept: absolute URLs,
 * protocol-relative `//host`, backslash tricks and control characters are refused (open redirect).
 */
export function safeNext(value: unknown): string | null {
  if (typeof value !== 'string' || value === '' || value.length > 2000) return null;
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f\u007f]/.test(value)) return null;
  try {
    const url = new URL(value, 'http://local.invalid');
    if (url.origin !== 'http://local.invalid') return null;
    if (url.pathname === '/login' || url.pathname === '/logout') return '/';
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}
