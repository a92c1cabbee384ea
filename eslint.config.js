// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/** A zone of import-x/no-restricted-paths: files in `target` may not import from any of `forbidden`. */
const layer = (target, why, forbidden) => ({
  target: `./${target}`,
  from: forbidden.map((folder) => `./${folder}`),
  message: `${target}/ may not import this: ${why}.`,
});

/** Outside workflows/, only its contracts may be imported: IDs and signals, the shared types, the workflow functions' types. */
const workflowContracts = (target) => ({
  target: `./${target}`,
  from: './workflows',
  except: ['./definitions.ts', './types.ts', './index.ts'],
  message: `${target}/ reaches workflows only through workflows/definitions.ts (IDs, signals), types.ts and index.ts.`,
});

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The folders of server-side code: web/ (the browser's) imports none of them, and none of them imports web/. */
const serverFolders = [
  'domain',
  'app',
  'infra',
  'api',
  'activities',
  'workflows',
  'runtime',
  'dev',
  'generated',
  'scripts',
  'test',
  'bench',
  'simulation',
];

/** import-x resolving the sources' `./x.js` imports to `./x.ts`, as TypeScript and esbuild do. */
const importResolution = {
  plugins: { 'import-x': importX },
  settings: {
    'import-x/extensions': ['.ts', '.js'],
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    'import-x/resolver-next': [
      createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
    ],
  },
};

/** Server code runs on Node and browser code is bundled for the pages: a server folder never imports web/. */
const noWebImports = (target) =>
  layer(target, 'web/ is browser code, bundled for the pages by scripts/build-web.ts', ['web']);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'generated/',
      '.tools/',
      '.data/',
      'coverage/',
      'test-artifacts/',
      'prisma/engine/',
      '.scratch/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify plugins and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Workflow code is replayed deterministically inside Temporal's sandbox: no I/O, no clocks, no Node.
    files: ['workflows/**/*.ts'],
    rules: {
      // Type-only imports are erased, so a workflow may name the activities' types.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'Node built-ins are not allowed in workflow code; use an activity.',
              allowTypeImports: true,
            })),
            { name: 'nodemailer', message: 'Send mail from an activity, never from workflow code.' },
            { name: 'pg', message: 'Database access belongs in activities.' },
            { name: 'luxon', message: 'Compute zoned instants outside the workflow and pass them in.' },
          ],
          patterns: [
            { group: ['@prisma/*', '**/generated/prisma/**'], message: 'Database access belongs in activities.' },
            {
              group: [
                '**/app/**',
                '**/infra/**',
                '**/dev/**',
                '**/runtime/**',
                '**/api/**',
                '**/activities/**',
                '**/domain/**',
                '!**/domain/workflow-safe',
                '!**/domain/workflow-safe/*',
              ],
              message: 'Workflow code may import only workflow-safe modules (types are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The layers (ARCHITECTURE.md): each folder imports only the folders below it, and nothing imports in
    // a circle. Tests, benchmarks, scripts and the simulation may use every layer.
    files: [
      'domain/**/*.ts',
      'infra/**/*.ts',
      'app/**/*.ts',
      'activities/**/*.ts',
      'workflows/**/*.ts',
      'api/**/*.ts',
      'dev/**/*.ts',
      'runtime/**/*.ts',
    ],
    ...importResolution,
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            layer('domain', 'pure rules: no I/O and no other layer', [
              'infra',
              'app',
              'activities',
              'workflows',
              'api',
              'dev',
              'runtime',
              'generated',
            ]),
            layer('infra', 'infrastructure knows no use case, route, activity or workflow', [
              'app',
              'activities',
              'workflows',
              'api',
              'dev',
              'runtime',
            ]),
            layer('app', 'use cases are called by routes and activities, never the other way round', [
              'activities',
              'api',
              'dev',
              'runtime',
            ]),
            workflowContracts('app'),
            layer('activities', 'activities are thin adapters over app/ use cases', ['api', 'dev', 'runtime']),
            workflowContracts('activities'),
            // api/ may use dev/: the /dev routes are the built-in mail catcher's HTTP face.
            layer('api', 'routes call app/ use cases; workers and activities are not theirs to touch', [
              'activities',
              'runtime',
            ]),
            workflowContracts('api'),
            layer('dev', 'development helpers sit beside the product, not inside it', ['api', 'activities', 'runtime']),
            ...['domain', 'infra', 'app', 'activities', 'workflows', 'api', 'dev', 'runtime'].map((target) =>
              layer(target, 'product code never imports tests, benchmarks, scripts or the simulation', [
                'test',
                'bench',
                'scripts',
                'simulation',
              ]),
            ),
            ...['domain', 'infra', 'app', 'activities', 'workflows', 'api', 'dev', 'runtime'].map(noWebImports),
          ],
        },
      ],
    },
  },
  {
    // Tests, benchmarks, scripts and the simulation use every layer, but not the browser code (scripts/build-web.ts
    // bundles web/ by its path, never by importing it).
    files: ['scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'simulation/**/*.ts'],
    ...importResolution,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: ['scripts', 'test', 'bench', 'simulation'].map(noWebImports) },
      ],
    },
  },
  {
    // The browser code (web/): strict TypeScript checked against web/tsconfig.json (the DOM, no Node), found by the
    // project service as the nearest tsconfig.json; bundled per page by scripts/build-web.ts. It imports only
    // web/ and npm packages made for the browser: nothing of the server, and no Node built-in.
    files: ['web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    ...importResolution,
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            layer('web', 'browser code imports no server code; write the interface it needs in web/', serverFolders),
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'web/ runs in the browser: no Node built-ins.' })),
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // A route parses, authorises, calls a use case and shapes the answer: the database is app/'s.
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.property.name='prisma']",
          message: 'Routes do not query the database: move this into a use case in app/ and call it.',
        },
        {
          selector: "MemberExpression[object.name='prisma']",
          message: 'Routes do not query the database: move this into a use case in app/ and call it.',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/generated/prisma/**', '@prisma/*'],
              message: 'Routes do not use Prisma: the use cases in app/ do.',
              allowTypeImports: false,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
