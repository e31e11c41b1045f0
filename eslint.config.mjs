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

/**
 * Features (one folder per feature in src/views and src/webview) reach each other only through their index.ts;
 * `workbench/` (app-wide services) and `webview/host/` (the shared webview host) are open to every feature.
 */
const crossFeatureFile = String.raw`^(?:\.\./|\.\./\.\./(?:views|webview)/)(?!workbench/|host/)[^/.]+/.+$`;
export const featureBoundaries = {
  files: ['src/views/*/**/*.ts', 'src/webview/*/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ regex: crossFeatureFile, message: 'A feature imports another only through its index (e.g. "../attachments", not "../attachments/logLeaf").' }],
    }],
  },
};

/** The webview front end runs in a browser sandbox: no Node module, no storage code. */
export const mediaIsBrowserCode = {
  files: ['media/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { regex: '^node:', message: 'media/ runs in the webview (a browser): no Node modules.' },
        { regex: '(^|/)src/(storage|views)(/|$)', message: 'media/ runs in the webview: it talks to the host through typed messages, never to storage or the VS Code layer.' },
      ],
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
  featureBoundaries,
  mediaIsBrowserCode,
);
