// ESLint: typescript-eslint's type-aware rules, React hooks in the browser app, and the import rules that hold the
// layers (docs/architecture.md). Formatting is Prettier's job (`npm run format`), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

/** Modules the engine and the protocol must never import: they run in the browser and in workers as they are. */
const PLATFORM_MODULES = [
  {
    group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'worker_threads', 'perf_hooks'],
    message: 'no Node built-ins here: this code is pure and runs in the browser too',
  },
  {
    group: [
      'socket.io',
      'socket.io-client',
      'react',
      'react-dom',
      'three',
      '@react-three/*',
      'better-sqlite3',
      'sirv',
      'yaml',
      'commander',
    ],
    message: 'no platform libraries here: this layer is pure',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test/artifacts/', '.scratch/', 'server/twin.js', 'server/experiments/worker.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      'import-x/no-duplicates': 'error',
      // The layers (docs/architecture.md). A cycle between folders is caught by test/architecture/layers.test.ts.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './server/sim', from: './server', except: ['./sim'], message: 'the engine depends on nothing of ours' },
            { target: './server/sim', from: './src', message: 'the engine depends on nothing of ours' },
            { target: './server/protocol', from: './server', except: ['./protocol'], message: 'the protocol imports no implementation' },
            { target: './server/protocol', from: './src', message: 'the protocol imports no implementation' },
            {
              target: ['./src/!(editor)/**/*', './src/*.{ts,tsx}'],
              from: './server',
              except: ['./protocol'],
              message: 'the browser reaches the server only through the protocol',
            },
            {
              // the line editor validates and builds forms with the server's own scene code (pure, browser-safe)
              target: './src/editor',
              from: './server',
              except: ['./protocol', './scene'],
              message: 'the editor reaches the server only through the protocol and the scene format (server/scene)',
            },
            {
              target: ['./server/!(sim)/**/*', './server/*.ts', './src/**/*'],
              from: './server/sim',
              except: ['./index.ts'],
              message: 'outside the engine, import it from server/sim/index.ts only',
            },
            {
              target: './server/live',
              from: ['./server/training', './server/experiments', './server/commands'],
              message: 'the transport knows no feature: the composition root (server/commands/serve.ts) plugs them in',
            },
            {
              target: './server/training',
              from: ['./server/live', './server/experiments', './server/commands'],
              message: 'a feature reaches the server through server/session/feature.ts',
            },
            {
              target: './server/experiments',
              from: ['./server/live', './server/training', './server/commands'],
              message: 'a feature reaches the server through server/session/feature.ts',
            },
            {
              target: './server/session',
              from: ['./server/live', './server/training', './server/experiments', './server/commands'],
              message: 'sessions know no transport and no feature',
            },
            {
              target: './server/connect',
              from: ['./server/live', './server/training', './server/experiments', './server/commands', './server/editor'],
              message: 'a plant connection is a feature: it reaches the server through server/session/feature.ts',
            },
            {
              target: './server/mirror',
              from: ['./server/live', './server/training', './server/experiments', './server/commands', './server/editor'],
              message: 'the mirror is a feature: it plugs into the live server through the session layer',
            },
            {
              target: './server/plantlog',
              from: [
                './server/live',
                './server/session',
                './server/connect',
                './server/training',
                './server/experiments',
                './server/commands',
              ],
              message: 'the plant event log is a format: it knows the engine and the protocol, nothing that runs',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/sim/**/*.ts', 'server/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: PLATFORM_MODULES }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests reach into modules on purpose and use loose fakes.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off', // fakes and executors are async by contract
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
