/**
 * The architecture rules of DESIGN.md, enforced by `npm run lint`:
 * the domain imports only itself; an adapter never imports another adapter; migrations never
 * import src/ or ops/ (they are frozen history; they may import db/helpers/); ops/ reaches src/ only
 * through the composition root's operator entries and the configuration.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain imports nothing outside src/domain (no frameworks, no node: modules).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'adapters-are-independent',
      comment: 'An adapter depends on the domain (and the declared schema), never on another adapter.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'only-app-knows-everything',
      comment: 'Nothing inside src/ but src/app imports src/app.',
      severity: 'error',
      from: { path: '^src/(domain|adapters|declared-schema)/' },
      to: { path: '^src/app/' },
    },
    {
      name: 'migrations-are-frozen',
      comment: 'db/migrations never import the live code; they may import db/helpers (which obeys the same rule).',
      severity: 'error',
      from: { path: '^db/(migrations|helpers)/' },
      to: { path: '^(src|ops|test)/' },
    },
    {
      name: 'helpers-stand-alone',
      comment: 'db/helpers (imported by frozen migrations) imports nothing of db/migrations.',
      severity: 'error',
      from: { path: '^db/helpers/' },
      to: { path: '^db/migrations/' },
    },
    {
      name: 'schema-is-plain',
      comment: 'The declared schema imports only its own DSL (and kysely types).',
      severity: 'error',
      from: { path: '^src/declared-schema/' },
      to: { path: '^src/(domain|adapters|app)/' },
    },
    {
      name: 'jobs-never-see-the-database',
      comment:
        'A job gets its ports from src/app/composition; it never imports the database adapter (nor the Kysely handle).',
      severity: 'error',
      from: { path: '^src/app/jobs/' },
      to: { path: '^src/adapters/db/' },
    },
    {
      name: 'ops-through-the-composition',
      comment:
        'ops/ reaches src/ only through the operator entries of the composition root (operator-kit, jobs-kit) and the configuration.',
      severity: 'error',
      from: { path: '^ops/' },
      to: { path: '^src/', pathNot: '^src/app/(composition/(operator-kit|jobs-kit)\\.ts|config\\.ts)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
