// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering as import rules: `domain <- protocol <- {replica, server} <- scanner`, apps never
 * import each other, and only `apps/server/src/store/` knows the database. A file gets one
 * `no-restricted-imports` setting (a later block replaces an earlier one), so each block below
 * lists every restriction its files carry.
 */
const layer = (message, regex) => ({ regex, message });

/** A relative import that walks out of its part into another one (test/ and bench/ from a part three deep). */
const outOfPart = layer(
  'Import another part by its package name (@stockline/...), not by a relative path into it.',
  String.raw`^\.\.?/(.*/)?(packages|apps)/|^(\.\./){3,}(test|bench)/`,
);
const onlyOurs = (allowed, why) =>
  layer(why, allowed.length ? `^@stockline/(?!(${allowed.join('|')})($|/))` : '^@stockline/');
const databaseDrivers = layer(
  'Only apps/server/src/store/ talks to a database; go through the store port.',
  String.raw`^(better-sqlite3|pg|pg-[\w-]+|mongodb|@socket\.io/(postgres|mongo)-adapter)($|/)`,
);
const adapters = (others) =>
  layer(
    'A store adapter never imports another adapter; shared code belongs in store/core or store/sql.',
    String.raw`(^|/)(${others.join('|')})/`,
  );

const serverApp = onlyOurs(
  ['domain', 'protocol', 'test'],
  'The server depends on domain and protocol only (apps never import each other).',
);

const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const layering = [
  restrict(['packages/domain/**'], [onlyOurs([], 'The domain imports nothing of ours.'), outOfPart]),
  restrict(
    ['packages/protocol/**'],
    [onlyOurs(['domain'], 'The protocol builds on the domain only.'), outOfPart, databaseDrivers],
  ),
  restrict(
    ['packages/replica/**'],
    [onlyOurs(['domain', 'protocol'], 'The replica builds on domain and protocol only.'), outOfPart, databaseDrivers],
  ),
  restrict(
    ['apps/scanner/**'],
    [
      onlyOurs(
        ['domain', 'protocol', 'replica'],
        'The scanner builds on domain, protocol and replica (apps never import each other).',
      ),
      outOfPart,
      databaseDrivers,
    ],
  ),
  restrict(['apps/server/**'], [serverApp, outOfPart, databaseDrivers], ['apps/server/src/store/**']),
  restrict(['apps/server/src/store/**'], [serverApp, outOfPart]),
  restrict(['apps/server/src/store/sqlite/**'], [serverApp, outOfPart, adapters(['postgres', 'mongo'])]),
  restrict(['apps/server/src/store/postgres/**'], [serverApp, outOfPart, adapters(['sqlite', 'mongo'])]),
  restrict(['apps/server/src/store/mongo/**'], [serverApp, outOfPart, adapters(['sqlite', 'postgres'])]),
  restrict(
    ['apps/server/src/store/core/**', 'apps/server/src/store/sql/**'],
    [
      serverApp,
      outOfPart,
      layer(
        'store/core and store/sql are shared by the adapters and import none of them.',
        String.raw`(^|/)(sqlite|postgres|mongo)/`,
      ),
    ],
  ),
];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/dist-electron/',
    '**/release/',
    '**/dev-dist/',
    'test-results/',
    '.turbo/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // vitest.config.ts sits above every workspace's tsconfig.
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // An explicit `any` is visible and reviewed where it is written (RxDB's storage and replication
      // generics); the no-unsafe-* rules still catch every place its value flows into typed code.
      '@typescript-eslint/no-explicit-any': 'off',
      // An async function without await is how many port methods and handlers keep one shape
      // (Promise-returning) whatever their body does; flagging them is style, not a bug.
      '@typescript-eslint/require-await': 'off',
      // Unused names are dead code; a leading underscore marks one kept on purpose (a callback's shape).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read untyped JSON, YAML and HTTP answers on purpose and assert on them; the unsafe-any
    // family would ask for a type on every probe. Product code keeps these rules.
    files: ['**/*.test.{ts,tsx}', '**/*.suite.ts', '**/test/**', '**/testing/**', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['apps/scanner/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['apps/scanner/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useLoader(load, deps) takes its deps like useEffect, so its callers are checked the same way.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useLoader$' }],
    },
  },
  {
    // Plain scripts outside every tsconfig: linted without type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  ...layering,
);
