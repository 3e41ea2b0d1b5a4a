// scripts/release-check.mjs as the publish workflow and .ci/run run it: the tag comes from GitHub's
// environment for the pushed ref (GITHUB_REF_TYPE, GITHUB_REF_NAME), never from package.json, so a
// tag that does not match fails. Runs on the real repo's package.json, lockfile and CHANGELOG.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** The script run as GitHub runs it for a ref; the caller's own GITHUB_* variables are left out. */
function releaseCheck(ref, args = []) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GITHUB_REF')));
	const result = spawnSync(process.execPath, ['scripts/release-check.mjs', ...args], { cwd: root, env: { ...env, ...ref }, encoding: 'utf8' });
	return { status: result.status, stdout: result.stdout.trim() };
}

test('a pushed tag that matches package.json passes', () => {
	assert.deepEqual(releaseCheck({ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: `v${version}` }, ['--tag-required']), {
		status: 0,
		stdout: `release check passed: tag v${version}, package.json, package-lock.json and CHANGELOG.md agree on ${version}`,
	});
});

test('a pushed tag that does not match package.json fails, naming both', () => {
	assert.deepEqual(releaseCheck({ GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v0.0.1' }, ['--tag-required']), {
		status: 1,
		stdout: `release check FAILED for n8n-nodes-sixtyfour@${version}:\n  - tag v0.0.1 does not match package.json's version ${version} (expected v${version})`,
	});
});

test('--tag-required fails when the run is not for a tag (a branch push), instead of passing on the version alone', () => {
	assert.deepEqual(releaseCheck({ GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }, ['--tag-required']), {
		status: 1,
		stdout: `release check FAILED for n8n-nodes-sixtyfour@${version}:\n  - no tag to check: not run for a pushed tag (GITHUB_REF_TYPE is "branch")`,
	});
});

test('without --tag-required, a branch push checks the rest', () => {
	assert.deepEqual(releaseCheck({ GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }), {
		status: 0,
		stdout: `release check passed: package.json, package-lock.json and CHANGELOG.md agree on ${version}`,
	});
});
