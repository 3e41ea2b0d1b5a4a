/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// ts-jest only transpiles (isolatedModules in tsconfig.test.json): type checking runs once, in `npm run typecheck`.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	maxWorkers: 2,
	testTimeout: 60000,
};
