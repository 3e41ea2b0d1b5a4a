// @ts-check
// Checks the file list of the tarball `npm publish` would upload (`npm pack --dry-run --json`),
// after `npm run build`: only what a user needs, and all of it (scripts/release/packedFiles.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedFileProblems, tarballName } from './release/packedFiles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }));
/** @type {string[]} */
const files = packed.files.map((/** @type {{ path: string }} */ file) => file.path).sort();

const problems = packedFileProblems(files, manifest);
const expectedName = tarballName(manifest.name, manifest.version);
if (packed.filename !== expectedName) problems.push(`the tarball is ${packed.filename}, expected ${expectedName}`);

console.log(`${packed.filename}: ${files.length} files, ${packed.size} bytes packed`);
for (const dir of [...new Set(files.map((file) => file.split('/').slice(0, 3).join('/')))]) {
	const count = files.filter((file) => file === dir || file.startsWith(`${dir}/`)).length;
	console.log(`  ${dir}${count > 1 ? ` (${count} files)` : ''}`);
}
if (problems.length) {
	console.log(`pack check FAILED:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
	process.exitCode = 1;
} else {
	console.log('pack check passed');
}
