// @ts-check
// Smoke check: install n8n (cached), start each tested n8n version with our package as a community
// package, and list what of ours it registered. Usage: node scripts/n8n/smoke.mjs [version ...]
// Exits non-zero when a version fails to start or lacks a type that `dist/` provides.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, N8N_1X_VERSION, N8N_2X_VERSION, ensureN8n } from './install.mjs';
import { startN8n } from './instance.mjs';

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);

/** @param {number} since */
const secondsSince = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Type names n8n should list for what is built: `<package>.<node name>` and credential names. */
function expectedTypes() {
	/** @param {string} path */
	const built = (path) => existsSync(join(REPO_ROOT, path));
	/** @param {string} path */
	const baseName = (path) => path.split('/').pop()?.split('.')[0] ?? '';
	/** @param {string} name */
	const lowerFirst = (name) => name.charAt(0).toLowerCase() + name.slice(1);
	return {
		nodes: PACKAGE.n8n.nodes.filter(built).map((/** @type {string} */ p) => `${PACKAGE.name}.${lowerFirst(baseName(p))}`),
		credentials: PACKAGE.n8n.credentials.filter(built).map((/** @type {string} */ p) => lowerFirst(baseName(p))),
		missing: [...PACKAGE.n8n.nodes, ...PACKAGE.n8n.credentials].filter((/** @type {string} */ p) => !built(p)),
	};
}

const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
if (build.status !== 0) say('npm run build failed; checking whatever part of dist/ was emitted');
const expected = expectedTypes();
if (expected.missing.length) say(`not built yet (skipped): ${expected.missing.join(', ')}`);

let failed = false;
const versions = process.argv.slice(2);
for (const version of versions.length ? versions : [N8N_2X_VERSION, N8N_1X_VERSION]) {
	const installStarted = Date.now();
	const { version: exact } = await ensureN8n(version);
	say(`n8n ${exact}: install ready in ${secondsSince(installStarted)}`);
	const started = Date.now();
	const n8n = await startN8n({ version, allowPartialBuild: true });
	try {
		say(`n8n ${exact}: serving ${n8n.url} after ${secondsSince(started)} (log ${n8n.logFile})`);
		const types = await n8n.client.listTypes();
		for (const [kind, names] of /** @type {const} */ ([['nodes', expected.nodes], ['credentials', expected.credentials]])) {
			for (const name of names) {
				const registered = types[kind].includes(name);
				if (!registered) failed = true;
				say(`  ${registered ? 'registered' : 'MISSING   '} ${kind === 'nodes' ? 'node' : 'credential'} ${name}`);
			}
		}
	} finally {
		const stopping = Date.now();
		await n8n.stop();
		say(`n8n ${exact}: stopped in ${secondsSince(stopping)}`);
	}
}
process.exitCode = failed ? 1 : 0;
