import { isIP } from 'node:net';

/**
 * Which peers may set `X-Forwarded-For`: `false` (none: the peer is the client) or the proxies'
 * addresses / CIDR ranges (proxy-addr's names `loopback`, `linklocal`, `uniquelocal` included).
 * Never "every hop" and never a hop count: neither checks who the peer is, so a client that
 * reaches the port directly would choose its own address (and Fastify 5.12 treats a hop count as
 * trusting no one, which would put every client behind the proxy's one address).
 */
export type TrustProxy = false | readonly string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const GIVE_ADDRESSES = "give the proxies' addresses or CIDRs, comma-separated (e.g. 10.0.0.5 or 10.0.0.0/24)";

/** Parses TRUST_PROXY; `problem` is the rest of a one-line configuration error. */
export function parseTrustProxy(
  raw: string | undefined,
): { readonly value: TrustProxy } | { readonly problem: string } {
  const v = raw?.trim().toLowerCase() ?? '';
  if (['', 'false', 'no', 'off', '0'].includes(v)) return { value: false };
  if (['true', 'yes', 'on'].includes(v))
    return {
      problem: `must not be "${raw}": that trusts every hop of X-Forwarded-For, so a client chooses its own address; ${GIVE_ADDRESSES}`,
    };
  if (/^\d+$/.test(v))
    return {
      problem: `must not be a hop count ("${raw}"): a count cannot tell the proxy from a client reaching the port directly; ${GIVE_ADDRESSES}`,
    };
  const entries = v.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !validEntry(e));
  if (bad !== undefined) return { problem: `must be false or proxy addresses/CIDRs, comma-separated (got "${bad}")` };
  return { value: entries };
}

function validEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
