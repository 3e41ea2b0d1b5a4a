// @ts-check
// Smoke check: install n8n (cached), start each tested n8n version with our package as a community
// package, and list what of ours it registered.
// Usage: node scripts/n8n/smoke.mjs [--package-dir DIR] [version ...]
// Builds the repo first unless another package folder is given. Exits non-zero when a version fails
// to start or lacks a type that the built `dist/` declares.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, N8N_1X_VERSION, N8N_2X_VERSION, ensureN8n } from './install.mjs';
import { startN8n } from './instance.mjs';

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);

/** @param {number} since */
const secondsSince = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const { values, positionals: versions } = parseArgs({
	options: { 'package-dir': { type: 'string' } },
	allowPositionals: true,
});
const packageDir = values['package-dir'] ? resolve(values['package-dir']) : REPO_ROOT;
if (packageDir === REPO_ROOT) {
	const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
	if (build.status !== 0) say('npm run build failed; checking whatever part of dist/ was emitted');
}

let failed = false;
for (const version of versions.length ? versions : [N8N_2X_VERSION, N8N_1X_VERSION]) {
	const installStarted = Date.now();
	const { version: exact } = await ensureN8n(version);
	say(`n8n ${exact}: install ready in ${secondsSince(installStarted)}`);
	const started = Date.now();
	/** @type {import('./instance.mjs').N8nInstance} */
	let n8n;
	try {
		// startN8n fails when n8n does not register every built type of ours.
		n8n = await startN8n({ version, packageDir, allowPartialBuild: true });
	} catch (error) {
		say(`n8n ${exact}: FAILED after ${secondsSince(started)}: ${error.message}`);
		failed = true;
		continue;
	}
	try {
		say(`n8n ${exact}: serving ${n8n.url} after ${secondsSince(started)}`);
		const { types, droppedEntries } = /** @type {import('./community-package.mjs').InstalledPackage} */ (
			n8n.installedPackage
		);
		for (const name of types.nodes) say(`  registered node ${name}`);
		for (const name of types.credentials) say(`  registered credential ${name}`);
		for (const path of droppedEntries) say(`  not built, skipped: ${path}`);
	} finally {
		const stopping = Date.now();
		await n8n.stop();
		say(`n8n ${exact}: stopped in ${secondsSince(stopping)}`);
	}
}
process.exitCode = failed ? 1 : 0;
