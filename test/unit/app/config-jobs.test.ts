import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfig } from '../../../src/app/config.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-config-jobs-'));
const ca = join(root, 'proxy-ca.pem');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
const production = {
  APP_ENV: 'production',
  SECRET_KEY: 'x'.repeat(40),
  DB_HOST: 'db',
  DB_USER: 'app',
  DB_PASSWORD: 'pw',
  UPLOAD_FOLDER: '/var/lib/training-forms/uploads',
};

t.test('defaults: jobs off outside production, public cloud, 03:00 UTC', async (t) => {
  const c = loadConfig({ APP_ENV: 'test' }, root);
  t.same(c.jobs, {
    enabled: false,
    timezone: 'UTC',
    schedule: '0 3 * * *',
    backupFolder: join(root, 'backups_test'),
    backupDbUser: null,
    backupDbPassword: null,
    backupKeepDays: 14,
    softDeleteRetentionDays: 90,
    orphanGraceHours: 24,
  });
  t.match(c.azure, {
    authorityHost: 'https://login.microsoftonline.com',
    graphBaseUrl: 'https://graph.microsoft.com',
    caFile: null,
  });
});

t.test('production: jobs on, backups beside the uploads unless BACKUP_FOLDER', async (t) => {
  const c = loadConfig(production, root);
  t.equal(c.jobs.enabled, true);
  t.equal(c.jobs.backupFolder, '/var/lib/training-forms/backups');
  t.equal(
    loadConfig({ ...production, BACKUP_FOLDER: '/backup/tf', JOBS_ENABLED: 'false' }, root).jobs.backupFolder,
    '/backup/tf',
  );
  t.equal(loadConfig({ ...production, JOBS_ENABLED: 'false' }, root).jobs.enabled, false);
});

t.test('national cloud, private CA, timezone and retention settings', async (t) => {
  const c = loadConfig(
    {
      APP_ENV: 'test',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      GRAPH_BASE_URL: 'https://graph.microsoft.us',
      AZURE_CA_FILE: 'proxy-ca.pem',
      JOBS_TIMEZONE: 'Europe/Berlin',
      JOBS_SCHEDULE: '30 2 * * *',
      BACKUP_KEEP_DAYS: '30',
      SOFT_DELETE_RETENTION_DAYS: '365',
      ORPHAN_GRACE_HOURS: '48',
      BACKUP_DB_USER: 'training_migrator',
      BACKUP_DB_PASSWORD: 'secret',
    },
    root,
  );
  t.match(c.azure, {
    authorityHost: 'https://login.microsoftonline.us',
    graphBaseUrl: 'https://graph.microsoft.us',
    caFile: ca,
  });
  t.match(c.jobs, { backupDbUser: 'training_migrator', backupDbPassword: 'secret' });
  t.match(c.jobs, {
    timezone: 'Europe/Berlin',
    schedule: '30 2 * * *',
    backupKeepDays: 30,
    softDeleteRetentionDays: 365,
    orphanGraceHours: 48,
  });
});

t.test('bad settings stop start-up with one line naming the variable', async (t) => {
  const bad: [Record<string, string>, RegExp][] = [
    [
      { AZURE_AUTHORITY_HOST: 'http://login.example' },
      /^Invalid configuration: AZURE_AUTHORITY_HOST must be an https URL/,
    ],
    [{ GRAPH_BASE_URL: 'graph.microsoft.com' }, /^Invalid configuration: GRAPH_BASE_URL must be a URL/],
    [{ AZURE_CA_FILE: 'missing.pem' }, /^Invalid configuration: AZURE_CA_FILE names a file that does not exist/],
    [{ JOBS_TIMEZONE: 'Mars/Olympus' }, /^Invalid configuration: JOBS_TIMEZONE must be an IANA time zone/],
    [{ JOBS_SCHEDULE: 'nightly' }, /^Invalid configuration: JOBS_SCHEDULE must be a cron expression/],
    [{ JOBS_ENABLED: 'sometimes' }, /^Invalid configuration: JOBS_ENABLED must be true or false/],
    [{ BACKUP_KEEP_DAYS: '0' }, /^Invalid configuration: BACKUP_KEEP_DAYS must be a whole number from 1/],
    [{ SOFT_DELETE_RETENTION_DAYS: '-5' }, /^Invalid configuration: SOFT_DELETE_RETENTION_DAYS/],
    [{ ORPHAN_GRACE_HOURS: '1.5' }, /^Invalid configuration: ORPHAN_GRACE_HOURS/],
  ];
  for (const [env, message] of bad) {
    t.throws(
      () => loadConfig({ APP_ENV: 'test', ...env }, root),
      { name: 'ConfigError', message },
      Object.keys(env).join(),
    );
  }
});
