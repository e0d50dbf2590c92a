/** Signs in through the real pages (development login) and returns the session cookie. */
export async function signIn(base: string, username = 'bench'): Promise<string> {
  const login = await fetch(`${base}/login`);
  const pre = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
    body: new URLSearchParams({ _csrf: csrf, username }).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('tf_session='));
  if (!session) throw new Error(`sign-in failed: ${res.status}`);
  return session.split(';')[0] as string;
}
