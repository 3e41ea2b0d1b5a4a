// The release checks' rules (scripts/release/), on made-up inputs: each problem they exist to catch.
// Run by .ci/run with `node --test test/release/`; the scripts run on the real repo there too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packedFileProblems, tarballName } from '../../scripts/release/packedFiles.mjs';
import { releaseProblems } from '../../scripts/release/versionChecks.mjs';

const manifest = {
	name: 'n8n-nodes-sixtyfour',
	version: '0.2.0',
	main: 'dist/index.js',
	n8n: { nodes: ['dist/nodes/A/A.node.js'], credentials: ['dist/credentials/Api.credentials.js'] },
};
const goodFiles = [
	'CHANGELOG.md',
	'LICENSE',
	'README.md',
	'package.json',
	'dist/index.js',
	'dist/nodes/A/A.node.js',
	'dist/nodes/A/A.node.json',
	'dist/nodes/A/a.svg',
	'dist/nodes/A/helpers/x.js',
	'dist/credentials/Api.credentials.js',
];

test('a tarball with only what a user needs passes', () => {
	assert.deepEqual(packedFileProblems(goodFiles, manifest), []);
});

test('files from test/, bench/, scripts/ or elsewhere fail, also compiled into dist/', () => {
	const files = [...goodFiles, 'test/unit/a.test.ts', 'bench/run.mjs', 'scripts/scan.mjs', 'tsconfig.json', 'dist/test/a.js'];
	assert.deepEqual(packedFileProblems(files, manifest), [
		'test/unit/a.test.ts is not for users (only dist/ and package.json, README.md, LICENSE, CHANGELOG.md)',
		'bench/run.mjs is not for users (only dist/ and package.json, README.md, LICENSE, CHANGELOG.md)',
		'scripts/scan.mjs is not for users (only dist/ and package.json, README.md, LICENSE, CHANGELOG.md)',
		'tsconfig.json is not for users (only dist/ and package.json, README.md, LICENSE, CHANGELOG.md)',
		'dist/test/a.js is compiled from outside the package code',
	]);
});

test('a missing LICENSE, CHANGELOG, node file, codex file or icon fails', () => {
	const files = goodFiles.filter((file) => !['LICENSE', 'CHANGELOG.md', 'dist/nodes/A/A.node.json', 'dist/nodes/A/a.svg', 'dist/credentials/Api.credentials.js'].includes(file));
	assert.deepEqual(packedFileProblems(files, manifest), [
		'LICENSE is missing',
		'CHANGELOG.md is missing',
		'dist/credentials/Api.credentials.js is missing',
		"dist/nodes/A/A.node.json (the node's codex file) is missing",
		'dist/nodes/A/ has no icon',
	]);
});

test('the tarball is named after the package and version', () => {
	assert.equal(tarballName('n8n-nodes-sixtyfour', '0.2.0'), 'n8n-nodes-sixtyfour-0.2.0.tgz');
	assert.equal(tarballName('@scope/n8n-nodes-x', '1.0.0'), 'scope-n8n-nodes-x-1.0.0.tgz');
});

const changelog = '## [Unreleased]\n\n## [0.2.0] - 2026-12-03\n\n- a\n\n[0.2.0]: https://github.com/o/r/compare/v0.1.0...v0.2.0\n';
const lockfile = { version: '0.2.0', packages: { '': { version: '0.2.0' } } };

test('a release whose tag, manifest, lockfile and CHANGELOG agree passes, with or without the tag', () => {
	assert.deepEqual(releaseProblems({ tag: 'v0.2.0', manifest, lockfile, changelog }), []);
	assert.deepEqual(releaseProblems({ manifest, lockfile, changelog }), []);
});

test('a tag other than v<version> fails', () => {
	for (const tag of ['v0.1.0', '0.2.0', 'v0.2.0-rc.1', 'v0.2']) {
		assert.deepEqual(releaseProblems({ tag, manifest, lockfile, changelog }), [
			`tag ${tag} does not match package.json's version 0.2.0 (expected v0.2.0)`,
		]);
	}
});

test('a stale lockfile fails', () => {
	const stale = { version: '0.1.0', packages: { '': { version: '0.1.0' } } };
	assert.deepEqual(releaseProblems({ tag: 'v0.2.0', manifest, lockfile: stale, changelog }), [
		'package-lock.json says 0.1.0, package.json 0.2.0: run npm install to update the lockfile',
		'package-lock.json packages[""] says 0.1.0, package.json 0.2.0: run npm install to update the lockfile',
	]);
});

test('a CHANGELOG without the dated section or its link fails', () => {
	assert.deepEqual(releaseProblems({ manifest, lockfile, changelog: changelog.replace(' - 2026-12-03', '') }), [
		'CHANGELOG.md has no dated section "## [0.2.0] - YYYY-MM-DD"',
	]);
	assert.deepEqual(releaseProblems({ manifest, lockfile, changelog: '## [Unreleased]\n\n- a\n' }), [
		'CHANGELOG.md has no dated section "## [0.2.0] - YYYY-MM-DD"',
		'CHANGELOG.md has no link "[0.2.0]: https://…v0.2.0" for its heading',
	]);
});
