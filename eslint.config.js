// @ts-check
import js from '@eslint/js';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layerBoundaries } from './eslint-rules/layer-boundaries.js';

/** Sans-IO: protocol cores get time as an argument and ask for timers as outputs. */
const NO_CLOCK_OR_TIMERS = {
  'no-restricted-globals': [
    'error',
    ...['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'performance', 'process'].map((name) => ({
      name,
      message: 'protocol cores are sans-IO: time comes in as nowMs, timers go out as arm/cancel outputs',
    })),
  ],
  'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'protocol cores are sans-IO: use the nowMs argument' }],
  // node:crypto is allowed for pure computations (HMAC, key wrap); random octets come in as arguments
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'node:crypto',
          importNames: ['randomBytes', 'randomFillSync', 'randomFill', 'randomInt', 'randomUUID', 'getRandomValues', 'webcrypto'],
          message: 'protocol cores are deterministic: random octets come in as arguments',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { switchyard: { rules: { 'layer-boundaries': layerBoundaries } } },
    rules: {
      'switchyard/layer-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  { files: ['src-main/protocols/**'], rules: NO_CLOCK_OR_TIMERS },
  {
    // Type-checked rules for the code that runs (not tests): a promise nobody awaits or
    // catches, a promise where a callback must not return one, a switch over a union that
    // misses a member.
    files: ['src-main/**/*.ts', 'src-shared/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
);
