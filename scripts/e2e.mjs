// @ts-check
// `npm run test:e2e`: every example workflow inside real n8n against the emulator, on each tested
// n8n version in turn (test/e2e/inside-n8n.test.mjs, one n8n per version), then the durable-scheduler
// leg: the polling trigger in n8n 2.41 with its durable scheduler for poll triggers on
// (test/e2e/durable-scheduler.test.mjs), then the queue-mode leg: n8n 2.41 with PostgreSQL, Redis,
// main and two workers (test/e2e/queue-mode.test.mjs).
// Usage: node scripts/e2e.mjs [version ...] [durable] [queue]   (default: 2.41.0 1.123.x durable queue)
//   e.g. `npm run test:e2e -- queue` runs the queue-mode leg alone, `node scripts/e2e.mjs durable` the durable one.
// Builds the package when dist/ is older than its sources, installs n8n once per version (cached
// outside the repo, see scripts/n8n/README.md), and exits non-zero when any leg fails; a failing
// leg does not keep the next one from running.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_CACHE_DIR, N8N_1X_VERSION, N8N_2X_VERSION, REPO_ROOT, elapsed, ensureN8n, isN8nInstalled } from './n8n/install.mjs';

const SOURCES = ['nodes', 'credentials', 'index.ts', 'package.json', 'tsconfig.json'];
const TEST_FILE = join(REPO_ROOT, 'test', 'e2e', 'inside-n8n.test.mjs');
const QUEUE_TEST_FILE = join(REPO_ROOT, 'test', 'e2e', 'queue-mode.test.mjs');
/** The queue-mode leg runs on this version only: the latest, as teams that scale out run. */
const QUEUE_VERSION = N8N_2X_VERSION;
const QUEUE_LEG = 'queue';
const DURABLE_TEST_FILE = join(REPO_ROOT, 'test', 'e2e', 'durable-scheduler.test.mjs');
/** n8n's durable scheduler for poll triggers, tried on the latest tested version. */
const DURABLE_VERSION = N8N_2X_VERSION;
const DURABLE_LEG = 'durable';
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
 * Runs one e2e test file against one n8n version: the spec reporter to stdout, the counts to a file.
 * @param {string} testFile
 * @param {string} version
 * @returns {Promise<{ code: number, counts?: { passed: number, failed: number } }>}
 */
function runTests(testFile, version) {
	const countsDir = mkdtempSync(join(tmpdir(), 'sixtyfour-e2e-'));
	const countsFile = join(countsDir, 'counts.json');
	return new Promise((resolvePromise) => {
		const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
		reporters.push(`--test-reporter=${COUNT_REPORTER}`, `--test-reporter-destination=${countsFile}`);
		const child = spawn(process.execPath, [...reporters, testFile], {
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
/** @type {Array<{ name: string, version: string, testFile: string }>} */
const legs = (requested.length ? requested : [N8N_2X_VERSION, N8N_1X_VERSION, DURABLE_LEG, QUEUE_LEG]).map((arg) => {
	if (arg === QUEUE_LEG) return { name: `n8n ${QUEUE_VERSION} queue mode`, version: QUEUE_VERSION, testFile: QUEUE_TEST_FILE };
	if (arg === DURABLE_LEG) return { name: `n8n ${DURABLE_VERSION} durable scheduler`, version: DURABLE_VERSION, testFile: DURABLE_TEST_FILE };
	return { name: `n8n ${arg}`, version: arg, testFile: TEST_FILE };
});
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

/** @type {Array<{ name: string, outcome: string, ok: boolean }>} */
const results = [];
for (const { name, version, testFile } of legs) {
	const legStarted = Date.now();
	try {
		if (!isN8nInstalled(version)) {
			say(`n8n ${version} is not in the cache (${INSTALL_CACHE_DIR}); installing it once, 5 to 11 minutes`);
		}
		const { version: exact } = await ensureN8n(version);
		say(`${name}: n8n ${exact} ready after ${elapsed(legStarted)}; running the tests inside it`);
		const { code, counts } = await runTests(testFile, exact);
		const tally = counts ? `${counts.passed} passed, ${counts.failed} failed` : `exit ${code}`;
		results.push({ name, ok: code === 0, outcome: `${code === 0 ? 'passed' : 'FAILED'} (${tally}) in ${elapsed(legStarted)}` });
	} catch (error) {
		say(`${name}: ${/** @type {Error} */ (error).message}`);
		results.push({ name, ok: false, outcome: `FAILED to install after ${elapsed(legStarted)}` });
	}
}

for (const { name, outcome } of results) say(`${name}: ${outcome}`);
const failed = results.filter((r) => !r.ok).length;
say(`${failed ? `${failed} of ${results.length} legs FAILED` : `all ${results.length} legs passed`} (${elapsed(started)})`);
process.exitCode = failed ? 1 : 0;
