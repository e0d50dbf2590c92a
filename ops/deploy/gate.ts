import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the staging run recorded about a commit. */
export interface GateRecord {
  stagingDeployedAt?: string;
  /**
   * When this commit's last failed or refused staging deploy ended; production refuses it while that is the newer fact.
   */
  stagingFailedAt?: string;
  integrationPassedAt?: string;
}

const file = (gateDir: string, commit: string) => {
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`not a full commit id: ${commit}`);
  return join(gateDir, `${commit}.json`);
};

export function readGate(gateDir: string, commit: string): GateRecord {
  const path = file(gateDir, commit);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GateRecord) : {};
}

/** Records a staging fact about a commit (deployed, integration tests passed). */
export function recordGate(gateDir: string, commit: string, fact: keyof GateRecord, at: Date): void {
  mkdirSync(gateDir, { recursive: true });
  writeFileSync(
    file(gateDir, commit),
    `${JSON.stringify({ ...readGate(gateDir, commit), [fact]: at.toISOString() }, null, 2)}\n`,
  );
}

/** Why production must refuse this commit, or null when staging passed it completely. */
export function gateRefusal(gateDir: string, commit: string): string | null {
  const g = readGate(gateDir, commit);
  if (g.stagingFailedAt && (!g.stagingDeployedAt || g.stagingFailedAt > g.stagingDeployedAt))
    return `commit ${commit.slice(0, 12)} failed its last staging deploy (${g.stagingFailedAt}; see staging's deployments.jsonl)`;
  if (!g.stagingDeployedAt) return `commit ${commit.slice(0, 12)} was never deployed to staging`;
  if (!g.integrationPassedAt)
    return `commit ${commit.slice(0, 12)} was deployed to staging but its integration tests have not passed`;
  return null;
}
