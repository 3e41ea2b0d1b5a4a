// @ts-check
// Before publishing: the tag (argument, else $GITHUB_REF_NAME when GitHub ran this for a tag) matches
// package.json, the lockfile and a dated CHANGELOG section (scripts/release/versionChecks.mjs).
// Without a tag it checks the rest, as CI on a branch does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseProblems } from './release/versionChecks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (/** @type {string} */ file) => readFileSync(path.join(root, file), 'utf8');
const tag = process.argv[2] ?? (process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined);
const manifest = JSON.parse(read('package.json'));

const problems = releaseProblems({ tag, manifest, lockfile: JSON.parse(read('package-lock.json')), changelog: read('CHANGELOG.md') });
if (problems.length) {
	console.log(`release check FAILED for ${manifest.name}@${manifest.version}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
	process.exitCode = 1;
} else {
	console.log(`release check passed: ${tag ? `tag ${tag}, ` : ''}package.json, package-lock.json and CHANGELOG.md agree on ${manifest.version}`);
}
