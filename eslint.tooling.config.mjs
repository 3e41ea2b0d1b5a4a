// The project's own lint rules, for what is not package code: the Node-only tooling (emulator,
// harness helpers, scripts, bench) in plain JavaScript, because it needs what nodes may not use
// (http, fs, process, timers). Package code and every .ts file are linted by `n8n-node lint` with
// n8n's default eslint.config.mjs, which strict mode requires unchanged. `npm run lint` runs both.
import eslint from '@eslint/js';
import { globalIgnores } from 'eslint/config';
import globals from 'globals';

export default [
	globalIgnores(['dist', 'coverage', '.cache', '.n8n-e2e', 'bench/out']),
	{
		files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
		...eslint.configs.recommended,
		languageOptions: { globals: { ...globals.node } },
	},
];
