import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DEVELOPMENT_SECRET, loadConfig } from '../../../src/app/config.ts';
import { configRefused } from '../../helpers/config-refused.ts';

const root = mkdtempSync(join(tmpdir(), 'tf-config-'));
const secret = 'x'.repeat(40);
const prod = {
  APP_ENV: 'production',
  SECRET_KEY: secret,
  DB_HOST: 'db',
  DB_USER: 'app',
  DB_PASSWORD: 'pw',
  UPLOAD_FOLDER: '/srv/uploads',
};

const fails = (t: Test, env: Record<string, string>, pattern: RegExp) => configRefused(t, root, env, pattern);

t.test('development defaults: SQLite file, port 5000, uploads/, dev login, migrate on start', async (t) => {
  const c = loadConfig({}, root);
  t.equal(c.appEnv, 'development');
  t.same(c.database, { dialect: 'sqlite', path: join(root, 'training_forms.db') });
  t.equal(c.port, 5000);
  t.equal(c.uploadFolder, join(root, 'uploads'));
  t.equal(c.devLogin, true);
  t.equal(c.migrateOnStart, true);
  t.equal(c.secretKey, DEVELOPMENT_SECRET);
  t.equal(c.maxUploadBytes, 25 * 1024 * 1024);
  t.equal(c.ldap.port, 3268);
  t.equal(c.server.listenRetryMs, 0, 'no listen retry unless a deploy asks for it');
  t.equal(c.server.readyFile, null);
  t.ok(Object.isFrozen(c) && Object.isFrozen(c.server), 'frozen');
});

t.test('staging defaults: MariaDB training_tool_staging, port 5001, uploads_staging/', async (t) => {
  const c = loadConfig({ ...prod, APP_ENV: 'staging', UPLOAD_FOLDER: '' }, root);
  t.equal(c.port, 5001);
  t.match(c.database, { dialect: 'mariadb', host: 'db', port: 3306, database: 'training_tool_staging', user: 'app' });
  t.equal(c.uploadFolder, join(root, 'uploads_staging'));
  t.equal(c.devLogin, false);
  t.equal(c.migrateOnStart, false);
});

t.test('production: training_tool on 5000', async (t) => {
  const c = loadConfig(prod, root);
  t.match(c.database, { dialect: 'mariadb', database: 'training_tool' });
  t.equal(c.port, 5000);
  t.equal(c.uploadFolder, '/srv/uploads');
});

t.test('.env.<APP_ENV> is read and real variables win', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-envfile-'));
  writeFileSync(join(dir, '.env.test'), 'PORT=6123\nUSE_SQLITE=true\nDB_PATH=from-file.db\nMAX_UPLOAD_MB=2\n');
  const c = loadConfig({ APP_ENV: 'test', PORT: '7001' }, dir);
  t.equal(c.port, 7001, 'environment beats the file');
  t.equal(c.maxUploadBytes, 2 * 1024 * 1024, 'file value used');
  t.same(c.database, { dialect: 'sqlite', path: join(dir, 'from-file.db') });
});

t.test('bad values stop start-up with one line naming the variable', async (t) => {
  fails(t, { APP_ENV: 'prod' }, /APP_ENV must be one of development, test, staging, production \(got "prod"\)/);
  fails(t, { USE_SQLITE: 'false', DB_PORT: 'abc' }, /DB_PORT must be a whole number/);
  fails(t, { PORT: '70000' }, /PORT must be a whole number from 0 to 65535/);
  fails(t, { DEBUG: 'maybe' }, /DEBUG must be true or false/);
  fails(t, { LOG_LEVEL: 'loud' }, /LOG_LEVEL/);
  fails(t, { LISTEN_RETRY_MS: '-5' }, /LISTEN_RETRY_MS must be a whole number from 0 to 600000/);
  fails(t, { MIN_FREE_DISK_MB: 'lots' }, /MIN_FREE_DISK_MB must be a whole number from 0 to 100000000/);
  t.equal(loadConfig({}, root).minFreeDiskMb, 500, 'MIN_FREE_DISK_MB defaults to 500');
  t.equal(loadConfig({ MIN_FREE_DISK_MB: '0' }, root).minFreeDiskMb, 0);
});

t.test('LIST_CACHE_SECONDS: 5 s by default, 0 turns the list caches off, at most 60', async (t) => {
  t.equal(loadConfig({}, root).listCacheMs, 5000);
  t.equal(loadConfig({ LIST_CACHE_SECONDS: '0' }, root).listCacheMs, 0);
  t.equal(loadConfig({ LIST_CACHE_SECONDS: '60' }, root).listCacheMs, 60_000);
  fails(t, { LIST_CACHE_SECONDS: '61' }, /LIST_CACHE_SECONDS must be a whole number from 0 to 60 \(got "61"\)/);
  fails(t, { LIST_CACHE_SECONDS: '-1' }, /LIST_CACHE_SECONDS must be a whole number from 0 to 60/);
  fails(t, { LIST_CACHE_SECONDS: 'off' }, /LIST_CACHE_SECONDS must be a whole number/);
});

t.test('staging and production refuse unsafe settings', async (t) => {
  const { SECRET_KEY: _omit, ...noSecret } = prod;
  fails(t, noSecret, /SECRET_KEY is required/);
  fails(t, { ...prod, SECRET_KEY: DEVELOPMENT_SECRET }, /SECRET_KEY is the development default/);
  fails(t, { ...prod, SECRET_KEY: 'short' }, /SECRET_KEY must be at least 32 characters/);
  fails(t, { ...prod, DEBUG: 'True' }, /DEBUG must not be true in production/);
  fails(t, { ...prod, DEV_LOGIN: 'true' }, /DEV_LOGIN the development login is not allowed/);
  fails(t, { ...prod, USE_SQLITE: 'true' }, /USE_SQLITE SQLite in production needs ALLOW_SQLITE_IN_PRODUCTION=true/);
  fails(t, { ...prod, UPLOAD_FOLDER: '' }, /UPLOAD_FOLDER is required/);
  fails(t, { ...prod, APP_ENV: 'staging', DB_HOST: '' }, /DB_HOST is required/);
  t.equal(
    loadConfig({ ...prod, USE_SQLITE: 'true', ALLOW_SQLITE_IN_PRODUCTION: 'true' }, root).database.dialect,
    'sqlite',
  );
});

t.test('the committed .env files load as they are', async (t) => {
  const repo = new URL('../../../', import.meta.url).pathname;
  t.equal(loadConfig({ APP_ENV: 'development' }, repo).database.dialect, 'sqlite');
  t.equal(loadConfig({ APP_ENV: 'test' }, repo).database.dialect, 'sqlite');
});
