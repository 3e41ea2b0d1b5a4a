// @ts-check
// Before publishing: the tag matches package.json, the lockfile and a dated CHANGELOG section
// (scripts/release/versionChecks.mjs). The tag is the one GitHub ran this for (GITHUB_REF_TYPE=tag,
// GITHUB_REF_NAME), or an argument (vx.y.z) when checking a release before tagging it. Without
// either it checks the rest, as CI on a branch does; --tag-required (the publish workflow) fails then.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseProblems } from './release/versionChecks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (/** @type {string} */ file) => readFileSync(path.join(root, file), 'utf8');
const args = process.argv.slice(2);
const tagRequired = args.includes('--tag-required');
const pushed = process.env.GITHUB_REF_TYPE === 'tag' ? process.env.GITHUB_REF_NAME : undefined;
const tag = args.find((arg) => !arg.startsWith('--')) ?? pushed;
const manifest = JSON.parse(read('package.json'));

const problems = releaseProblems({ tag, manifest, lockfile: JSON.parse(read('package-lock.json')), changelog: read('CHANGELOG.md') });
// A publish must compare a real tag: without one the check would pass on the version alone.
if (tagRequired && tag === undefined) problems.unshift(`no tag to check: not run for a pushed tag (GITHUB_REF_TYPE is ${JSON.stringify(process.env.GITHUB_REF_TYPE ?? '')})`);
if (problems.length) {
	console.log(`release check FAILED for ${manifest.name}@${manifest.version}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
	process.exitCode = 1;
} else {
	console.log(`release check passed: ${tag ? `tag ${tag}, ` : ''}package.json, package-lock.json and CHANGELOG.md agree on ${manifest.version}`);
}
