/**
 * The load generator of the page benchmarks: wrk (C, one thread; Debian package `wrk`) when it is
 * installed, else autocannon (Node). Both run as a second process on the same machine as the
 * server, so what they cost is CPU the server does not get: wrk costs far less per request.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

export type LoadTool = 'wrk' | 'autocannon';

export interface LoadRun {
  readonly url: string;
  readonly connections: number;
  readonly durationS: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Paths (with their query) to draw from at random, one per request, instead of `url`'s own path. */
  readonly paths?: readonly string[];
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** Responses outside 200-299. */
  readonly non2xx: number;
}

const run = promisify(execFile);

/** wrk when `wrk --version` answers, else autocannon. */
export async function defaultLoadTool(): Promise<LoadTool> {
  try {
    await run('wrk', ['--version']);
    return 'wrk';
  } catch (error) {
    // wrk prints its version and exits 1: it is there when it said its name.
    return String((error as { stdout?: unknown }).stdout ?? '').startsWith('wrk') ? 'wrk' : 'autocannon';
  }
}

export async function generateLoad(tool: LoadTool, r: LoadRun): Promise<LoadResult> {
  return tool === 'wrk' ? wrk(r) : autocannonRun(r);
}

async function autocannonRun(r: LoadRun): Promise<LoadResult> {
  const paths = r.paths;
  const out = await autocannon({
    url: r.url,
    connections: r.connections,
    duration: r.durationS,
    headers: { ...r.headers },
    ...(paths?.length
      ? { requests: [{ setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }] }
      : {}),
  });
  return {
    requests: out.requests.total,
    perSecond: out.requests.average,
    p50Ms: out.latency.p50,
    p99Ms: out.latency.p99,
    errors: out.errors + out.timeouts,
    non2xx: out.non2xx,
  };
}

// Counts non-2xx answers per thread and prints one JSON line at the end.
const WRK_SCRIPT = `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body) if status < 200 or status > 299 then non2xx = non2xx + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format('RESULT {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout, bad))
end
`;

/** Each request draws a line of `file` at random (wrk runs one thread here). */
const randomPathScript = (file: string) => `
local paths = {}
for line in io.lines(${JSON.stringify(file)}) do paths[#paths + 1] = line end
math.randomseed(os.time())
function request() return wrk.format(nil, paths[math.random(#paths)]) end
`;

async function wrk(r: LoadRun): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-wrk-'));
  try {
    const script = join(dir, 'report.lua');
    let lua = WRK_SCRIPT;
    if (r.paths?.length) {
      writeFileSync(join(dir, 'paths.txt'), `${r.paths.join('\n')}\n`);
      lua += randomPathScript(join(dir, 'paths.txt'));
    }
    writeFileSync(script, lua);
    const headers = Object.entries(r.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
    const { stdout } = await run(
      'wrk',
      ['-t1', `-c${r.connections}`, `-d${r.durationS}s`, '--timeout', '10s', ...headers, '-s', script, r.url],
      { maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const v = JSON.parse(line.slice('RESULT '.length)) as {
      requests: number;
      durationUs: number;
      p50Us: number;
      p99Us: number;
      errors: number;
      non2xx: number;
    };
    return {
      requests: v.requests,
      perSecond: v.requests / (v.durationUs / 1e6),
      p50Ms: v.p50Us / 1000,
      p99Ms: v.p99Us / 1000,
      errors: v.errors,
      non2xx: v.non2xx,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
