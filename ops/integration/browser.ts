/** A minimal browser for the integration checks: cookies kept, CSRF tokens read from the pages. */
export class Browser {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** GET a page (redirects not followed); returns status, location and body. */
  get(path: string): Promise<Page> {
    return this.request(path, { method: 'GET' });
  }

  /** POSTs `fields` as a browser form would, with the `_csrf` token of the page at `formPath`. */
  async submit(formPath: string, action: string, fields: Record<string, string>): Promise<Page> {
    const form = await this.get(formPath);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
    if (!csrf) throw new Error(`GET ${formPath} → ${form.status} without a form to submit`);
    return this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
  }

  private async request(path: string, init: RequestInit): Promise<Page> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: this.cookie() },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  private cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Page {
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
}
