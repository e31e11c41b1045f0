// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The pure layers: tested in plain Node, so they must never reach for the VS Code API. */
export const pureLayers = ['src/core/**/*.ts', 'src/storage/**/*.ts'];

export const noVscodeInPureLayers = {
  files: pureLayers,
  rules: {
    'no-restricted-imports': ['error', {
      paths: [{ name: 'vscode', message: 'src/core and src/storage never import vscode: keep them pure and testable in plain Node.' }],
    }],
    'no-restricted-syntax': ['error', {
      selector: "CallExpression[callee.name='require'][arguments.0.value='vscode']",
      message: 'src/core and src/storage never import vscode: keep them pure and testable in plain Node.',
    }],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', __dirname: 'readonly' } },
  },
  noVscodeInPureLayers,
);
