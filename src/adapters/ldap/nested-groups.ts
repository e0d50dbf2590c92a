import {
  AndFilter,
  EqualityFilter,
  ExtensibleFilter,
  OrFilter,
  PresenceFilter,
  type Client,
  type Filter,
} from 'ldapts';
import { normaliseDn } from '../../domain/admin-by-group.ts';
import { attributeValues } from './ldap-entry.ts';

/**
 * How memberships through nested groups are found after a sign-in:
 * - `in-chain`: one search with AD's LDAP_MATCHING_RULE_IN_CHAIN, `(member:1.2.840.113556.1.4.1941:=<user DN>)`;
 * - `expand`: the adapter walks up itself, one search per level for the groups that have the groups
 *   found so far as `member` (at most {@link MAX_NESTING_DEPTH} levels, each group once);
 * - `off`: the direct memberships (`memberOf`) only;
 * - `auto` (the default): `in-chain` when the rootDSE advertises Active Directory (or AD LDS), else `expand`.
 */
export type NestedGroups = 'auto' | 'in-chain' | 'expand' | 'off';

/** LDAP_MATCHING_RULE_IN_CHAIN: AD evaluates it transitively over DN-valued attributes. */
export const MATCHING_RULE_IN_CHAIN = '1.2.840.113556.1.4.1941';
/** LDAP_CAP_ACTIVE_DIRECTORY_OID and LDAP_CAP_ACTIVE_DIRECTORY_ADAM_OID (rootDSE `supportedCapabilities`). */
export const AD_CAPABILITIES = ['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1851'] as const;
/** Levels of nesting the `expand` path follows above the direct groups. */
export const MAX_NESTING_DEPTH = 10;

const GROUP = new EqualityFilter({ attribute: 'objectClass', value: 'group' });
const NO_ATTRIBUTES = ['1.1']; // RFC 4511: return the DNs only (a group's member list can be huge)
const PAGED = { pageSize: 500 }; // AD caps unpaged results at MaxPageSize (1000)

/** `in-chain` for a directory whose rootDSE advertises AD's capabilities, else `expand`. */
export function nestedGroupsFor(supportedCapabilities: readonly string[]): 'in-chain' | 'expand' {
  return supportedCapabilities.some((c) => (AD_CAPABILITIES as readonly string[]).includes(c.trim()))
    ? 'in-chain'
    : 'expand';
}

/** Reads the rootDSE's `supportedCapabilities` and picks the path (see {@link nestedGroupsFor}). */
export async function detectNestedGroups(client: Client): Promise<'in-chain' | 'expand'> {
  const { searchEntries } = await client.search('', {
    scope: 'base',
    filter: new PresenceFilter({ attribute: 'objectClass' }),
    attributes: ['supportedCapabilities'],
  });
  const root = searchEntries[0];
  return nestedGroupsFor(root === undefined ? [] : attributeValues(root, 'supportedCapabilities'));
}

/** The filter of the `in-chain` path: every group the user is a member of, directly or nested. */
export function inChainFilter(userDn: string): Filter {
  return new AndFilter({
    filters: [GROUP, new ExtensibleFilter({ matchType: 'member', rule: MATCHING_RULE_IN_CHAIN, value: userDn })],
  });
}

/** The `in-chain` path: the direct groups, then the DNs the in-chain search returns (each group once). */
export async function groupsInChain(
  client: Client,
  baseDn: string,
  userDn: string,
  direct: readonly string[],
): Promise<string[]> {
  const { searchEntries } = await client.search(baseDn, {
    scope: 'sub',
    filter: inChainFilter(userDn),
    attributes: NO_ATTRIBUTES,
    paged: PAGED,
  });
  return uniqueDns([...direct, ...searchEntries.map((e) => e.dn)]);
}

/**
 * The `expand` path: the direct groups, then level by level the groups (below `baseDn`) that have
 * a group of the previous level as `member`. Each group is searched once, so cycles end; nesting
 * deeper than `maxDepth` levels is not followed.
 */
export async function expandGroups(
  client: Client,
  baseDn: string,
  direct: readonly string[],
  maxDepth = MAX_NESTING_DEPTH,
): Promise<string[]> {
  const found = uniqueDns(direct);
  const seen = new Set(found.map(normaliseDn));
  let level = found;
  for (let depth = 0; depth < maxDepth && level.length > 0; depth++) {
    const members = level.map((dn) => new EqualityFilter({ attribute: 'member', value: dn }));
    const filter = new AndFilter({
      filters: [GROUP, members.length === 1 ? (members[0] as Filter) : new OrFilter({ filters: members })],
    });
    const { searchEntries } = await client.search(baseDn, {
      scope: 'sub',
      filter,
      attributes: NO_ATTRIBUTES,
      paged: PAGED,
    });
    level = [];
    for (const { dn } of searchEntries) {
      const key = normaliseDn(dn);
      if (seen.has(key)) continue;
      seen.add(key);
      level.push(dn);
    }
    found.push(...level);
  }
  return found;
}

/** DNs without repeats (compared as AD compares them), first spelling kept, order kept. */
export function uniqueDns(dns: readonly string[]): string[] {
  const seen = new Set<string>();
  return dns.filter((dn) => {
    const key = normaliseDn(dn);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
