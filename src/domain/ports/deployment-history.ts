import type { Deployment, NewDeployment } from '../deployment.ts';

/** The record of deploys to this environment (written by the deploy CLI, read by the admin page). */
export interface DeploymentHistory {
  record(deployment: NewDeployment): Promise<void>;

  /** The newest deploys first; at most `limit`. */
  recent(limit: number): Promise<Deployment[]>;
}
