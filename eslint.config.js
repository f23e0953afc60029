import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

/**
 * The architecture, enforced. Folders of src/ are capabilities; imports between them follow one
 * direction (the table below is a DAG, so no cycle between folders can form); inside a capability,
 * routes → services → repositories → db, and only repositories query the database.
 */
const FOUNDATION = [
  'vocabulary',
  'secrets',
  'stix',
  'policy',
  'config',
  'errors',
  'db',
  'audit',
  'http',
  'cli',
  'contract',
];

/** What each capability may import besides itself (each line only points down the list). */
const LAYERS = {
  vocabulary: [],
  stix: ['vocabulary'],
  policy: ['stix', 'vocabulary'],
  contract: ['vocabulary'],
  config: [],
  errors: ['policy', 'vocabulary'],
  db: ['stix', 'vocabulary'],
  audit: ['db', 'errors', 'policy', 'http', 'contract', 'vocabulary'],
  http: ['errors', 'policy', 'contract', 'vocabulary', 'config'],
  cli: ['config', 'db', 'policy'],
  secrets: [],
  members: [...FOUNDATION],
  accounts: [...FOUNDATION, 'members'],
  exchange: [...FOUNDATION, 'members'],
  taxii: [...FOUNDATION, 'members', 'exchange'],
  knowledge: [...FOUNDATION, 'members', 'exchange', 'taxii'],
  federation: [...FOUNDATION, 'members', 'accounts', 'exchange', 'taxii', 'knowledge'],
  search: [...FOUNDATION, 'members', 'accounts', 'exchange'],
  coordination: [...FOUNDATION, 'members', 'exchange', 'search'],
  picture: [...FOUNDATION, 'members', 'exchange', 'coordination'],
  ingest: [...FOUNDATION, 'members', 'exchange', 'picture', 'search'],
  admin: [...FOUNDATION, 'members', 'accounts', 'exchange'],
  ops: [...FOUNDATION],
  notifications: [...FOUNDATION, 'members', 'accounts', 'exchange', 'knowledge'],
  backup: [...FOUNDATION, 'search'],
  demo: [
    ...FOUNDATION,
    'members',
    'accounts',
    'exchange',
    'admin',
    'picture',
    'coordination',
    'search',
    'knowledge',
    'notifications',
  ],
};
const CAPABILITIES = Object.keys(LAYERS).filter(
  (c) => !['vocabulary', 'contract', 'config', 'errors'].includes(c),
);

/** Files of the element `from` may import files of the elements `to`. */
const policy = (from, to) => ({
  from: { element: { type: from } },
  allow: { to: { element: { type: to } } },
});

/** Kysely calls that read or write rows: only repositories (and db/ itself) make them. */
const QUERY_CALLS =
  'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)$/]';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-output', 'web/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'bin/*.js', 'web/vite.config.ts'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['src/**/*.ts', 'contract/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/include': ['src/**/*', 'contract/**/*', 'web/src/**/*'],
      // File elements (src/config.ts …) still need 'mode: full', which v7 calls legacy.
      'boundaries/legacy-warnings': false,
      'boundaries/elements': [
        { type: 'vocabulary', pattern: 'contract/vocabulary.ts', mode: 'full' },
        // The stable error codes are vocabulary too: data both the server and the web app name.
        { type: 'vocabulary', pattern: 'contract/errors.ts', mode: 'full' },
        { type: 'contract', pattern: 'contract/**' },
        { type: 'web', pattern: 'web/src/**' },
        { type: 'config', pattern: 'src/config.ts', mode: 'full' },
        { type: 'errors', pattern: 'src/errors.ts', mode: 'full' },
        { type: 'root', pattern: 'src/*.ts', mode: 'full' },
        ...CAPABILITIES.map((type) => ({ type, pattern: `src/${type}/**`, mode: 'full' })),
      ],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...Object.entries(LAYERS).map(([from, allow]) => policy(from, [from, ...allow])),
            policy('root', ['root', ...Object.keys(LAYERS)]),
            policy('web', ['web', 'contract', 'vocabulary']),
          ],
        },
      ],
      'boundaries/no-unknown-dependencies': 'error',
    },
  },
  {
    // Routes are thin: they never reach a repository (or the database) directly.
    files: ['src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.repository.ts'],
              message: 'a route calls a service, never a repository',
            },
          ],
        },
      ],
    },
  },
  {
    // Only repositories query the database (and the database layer itself, and tests that prove it).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/db/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: QUERY_CALLS, message: 'only a *.repository.ts file queries the database' },
      ],
    },
  },
);
