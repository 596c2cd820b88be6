// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const rawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed bridge (preload/contract.ts); raw IPC lives only in the bridge modules.',
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [rawIpc] }],
    },
  },
  {
    files: ['main/**/*.ts', 'server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [rawIpc],
          patterns: [{ group: ['**/renderer/**'], message: 'main and server never import the UI.' }],
        },
      ],
    },
  },
  {
    // Shared models run in the browser too.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [rawIpc, { name: 'electron', message: 'shared/ is browser-safe.' }],
          patterns: [
            { group: ['node:*'], message: 'shared/ is browser-safe: no Node imports.' },
            {
              group: ['**/main/**', '**/server/**', '**/renderer/**'],
              message: 'shared/ imports only shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Only matters under the React Compiler, which we do not use; TanStack Virtual is fine without it.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is untrusted: talk to main through the bridge.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: ['**/main/**', '**/server/**'],
              message: 'The renderer reaches main only through the bridge.',
            },
            {
              // Everything but the zod-free limits module, which the renderer needs at run time.
              regex: '(^|/)preload/contract(\\.ts|/(?!limits(\\.ts)?$).*)?$',
              allowTypeImports: true,
              message: 'The renderer imports only types from the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The two bridge modules are the only places raw IPC is allowed.
    files: ['preload/index.ts', 'main/electron/ipc-transport.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
