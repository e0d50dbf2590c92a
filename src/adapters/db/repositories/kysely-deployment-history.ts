import type { Kysely } from 'kysely';
import type { Deployment, NewDeployment } from '../../../domain/deployment.ts';
import type { DeploymentHistory } from '../../../domain/ports/deployment-history.ts';
import type { Database } from '../../../declared-schema/declared-schema.ts';
import { fromDbBool, fromDbTime, toDbBool, toDbTime } from '../connection/db-values.ts';

/** {@link DeploymentHistory} as rows of `deployments`; steps stored as JSON text. */
export class KyselyDeploymentHistory implements DeploymentHistory {
  constructor(private readonly db: Kysely<Database>) {}

  async record(d: NewDeployment): Promise<void> {
    await this.db
      .insertInto('deployments')
      .values({
        environment: d.environment,
        commit_sha: d.commitSha,
        release_name: d.releaseName,
        started_at: toDbTime(d.startedAt),
        finished_at: toDbTime(d.finishedAt),
        outcome: d.outcome,
        rolled_back: toDbBool(d.rolledBack),
        emergency_reason: d.emergencyReason,
        steps: JSON.stringify(d.steps),
      })
      .execute();
  }

  async recent(limit: number): Promise<Deployment[]> {
    const rows = await this.db
      .selectFrom('deployments')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      environment: r.environment,
      commitSha: r.commit_sha,
      releaseName: r.release_name,
      startedAt: fromDbTime(r.started_at),
      finishedAt: fromDbTime(r.finished_at),
      outcome: r.outcome,
      rolledBack: fromDbBool(r.rolled_back),
      emergencyReason: r.emergency_reason,
      steps: JSON.parse(r.steps) as Deployment['steps'],
    }));
  }
}
