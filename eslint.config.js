import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.imagestreams/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      complexity: ['warn', 12],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an as-const object and a union instead of enum.' },
        { selector: 'TSModuleDeclaration', message: 'No namespaces.' },
        { selector: 'TSParameterProperty', message: 'No parameter properties (type stripping).' },
      ],
    },
  },
  { files: ['web/console/src/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['test/**', 'bench/**'],
    rules: { 'max-lines': 'off', complexity: 'off' },
  },
);
