// @ts-check
// `npm run test:e2e`: every example workflow inside real n8n against the emulator, on each tested
// n8n version in turn (test/e2e/inside-n8n.test.mjs, one n8n per version).
// Usage: node scripts/e2e.mjs [version ...]   (default: 2.41.0 1.123.x)
// Builds the package when dist/ is older than its sources, installs n8n once per version (cached
// outside the repo, see scripts/n8n/README.md), and exits non-zero when any version fails; a
// failing version does not keep the next one from running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_CACHE_DIR, N8N_1X_VERSION, N8N_2X_VERSION, REPO_ROOT, elapsed, ensureN8n, isN8nInstalled } from './n8n/install.mjs';

const SOURCES = ['nodes', 'credentials', 'index.ts', 'package.json', 'tsconfig.json'];
const TEST_FILE = join(REPO_ROOT, 'test', 'e2e', 'inside-n8n.test.mjs');
const COUNT_REPORTER = join(REPO_ROOT, 'test', 'e2e', 'count-reporter.mjs');

/** @param {string} message */
const say = (message) => process.stdout.write(`e2e: ${message}\n`);

/**
 * Newest modification time of the files under `path`.
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Whether every file the package declares is built, and newer than every source. */
function isBuildCurrent() {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
	const built = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((path) => join(REPO_ROOT, path));
	if (!built.every((path) => existsSync(path))) return false;
	const oldestBuilt = Math.min(...built.map((path) => statSync(path).mtimeMs));
	return SOURCES.every((source) => newestMtime(join(REPO_ROOT, source)) <= oldestBuilt);
}

/**
 * Runs the e2e test file for one n8n version: the spec reporter to stdout, the counts to a file.
 * @param {string} version
 * @returns {Promise<{ code: number, counts?: { passed: number, failed: number } }>}
 */
function runTests(version) {
	const countsDir = mkdtempSync(join(tmpdir(), 'sixtyfour-e2e-'));
	const countsFile = join(countsDir, 'counts.json');
	return new Promise((resolvePromise) => {
		const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
		reporters.push(`--test-reporter=${COUNT_REPORTER}`, `--test-reporter-destination=${countsFile}`);
		const child = spawn(process.execPath, [...reporters, TEST_FILE], {
			cwd: REPO_ROOT,
			env: { ...process.env, SIXTYFOUR_E2E_N8N_VERSION: version },
			stdio: 'inherit',
		});
		child.on('exit', (code, signal) => {
			let counts;
			try {
				counts = JSON.parse(readFileSync(countsFile, 'utf8'));
			} catch {
				// The runner died before reporting; the exit code says enough.
			}
			rmSync(countsDir, { recursive: true, force: true });
			resolvePromise({ code: code ?? (signal ? 1 : 0), counts });
		});
	});
}

const requested = process.argv.slice(2);
const versions = requested.length ? requested : [N8N_2X_VERSION, N8N_1X_VERSION];
const started = Date.now();

if (isBuildCurrent()) {
	say('dist/ is up to date');
} else {
	say('building the package (npm run build)');
	const build = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	if (build.status !== 0) {
		say('FAILED: npm run build');
		process.exit(1);
	}
}

/** @type {Array<{ version: string, outcome: string, ok: boolean }>} */
const results = [];
for (const version of versions) {
	const versionStarted = Date.now();
	try {
		if (!isN8nInstalled(version)) {
			say(`n8n ${version} is not in the cache (${INSTALL_CACHE_DIR}); installing it once, 5 to 11 minutes`);
		}
		const { version: exact } = await ensureN8n(version);
		say(`n8n ${exact} ready after ${elapsed(versionStarted)}; running the examples inside it`);
		const { code, counts } = await runTests(exact);
		const tally = counts ? `${counts.passed} passed, ${counts.failed} failed` : `exit ${code}`;
		results.push({ version: exact, ok: code === 0, outcome: `${code === 0 ? 'passed' : 'FAILED'} (${tally}) in ${elapsed(versionStarted)}` });
	} catch (error) {
		say(`n8n ${version}: ${/** @type {Error} */ (error).message}`);
		results.push({ version, ok: false, outcome: `FAILED to install after ${elapsed(versionStarted)}` });
	}
}

for (const { version, outcome } of results) say(`n8n ${version}: ${outcome}`);
const failed = results.filter((r) => !r.ok).length;
say(`${failed ? `${failed} of ${results.length} n8n versions FAILED` : `all ${results.length} n8n versions passed`} (${elapsed(started)})`);
process.exitCode = failed ? 1 : 0;
