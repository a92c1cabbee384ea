// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

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
              group: ['**/lib/*', '**/activities/*', '!**/activities/types.js', '**/domain/*'],
              message: 'Workflow code may import only workflow-safe modules (types are fine).',
              allowTypeImports: true,
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
