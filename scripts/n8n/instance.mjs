// @ts-check
// Starts a real n8n (cached install) on loopback with our package installed as a community
// package, waits until it serves, sets up the owner account and hands back a logged-in client.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { N8N_HOMES_DIR, REPO_ROOT, ensureN8n } from './install.mjs';
import { installCommunityPackage } from './community-package.mjs';
import { N8nClient } from './client.mjs';

export const OWNER = Object.freeze({
	email: 'demo@sixtyfour.example',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Sixtyfour-demo-1',
});

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

/** @returns {Promise<number>} a port that was free on 127.0.0.1 a moment ago */
export function findFreePort() {
	return new Promise((resolvePromise, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePromise(port));
		});
	});
}

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Settings that keep n8n on loopback and quiet: no telemetry, no version or template lookups.
 * @param {{ userFolder: string, port: number, brokerPort: number }} options
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnvironment({ userFolder, port, brokerPort }) {
	return {
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENCRYPTION_KEY: 'sixtyfour-local-n8n-not-a-secret',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LOG_LEVEL: 'info',
	};
}

/**
 * @typedef {object} N8nInstance
 * @property {string} version exact n8n version
 * @property {string} url e.g. http://127.0.0.1:5680
 * @property {string} userFolder N8N_USER_FOLDER (n8n keeps its data in `<userFolder>/.n8n`)
 * @property {string} logFile n8n's stdout and stderr
 * @property {{ email: string, password: string }} owner login for the editor
 * @property {N8nClient} client REST client logged in as the owner
 * @property {import('./community-package.mjs').InstalledPackage} [installedPackage] our package, as installed
 * @property {(signal?: NodeJS.Signals) => Promise<void>} restart ends n8n (SIGTERM by default, SIGKILL
 *   for a crash) and starts it again on the same user folder and port, logged in again
 * @property {() => Promise<void>} stop ends n8n (and its task runner); a user folder startN8n made
 *   itself is deleted then, unless n8n failed to start (its log is kept for reading)
 */

/**
 * @param {object} [options]
 * @param {string} [options.version] '2.41.0' (default), '1.123.x' or an exact version
 * @param {number} [options.port] default: a free port
 * @param {string} [options.userFolder] default: a new folder under N8N_HOMES_DIR, deleted on stop
 * @param {string | null} [options.packageDir] package to install as a community node; default the
 *   repo; null installs none
 * @param {boolean} [options.allowPartialBuild] load what is built when part of `dist/` is missing
 * @param {NodeJS.ProcessEnv} [options.env] extra environment for n8n
 * @returns {Promise<N8nInstance>}
 */
export async function startN8n({
	version = '2.41.0',
	port,
	userFolder,
	packageDir = REPO_ROOT,
	allowPartialBuild = false,
	env = {},
} = {}) {
	const { version: exact, n8nBin, nodeBin, nodeMajor, installDir } = await ensureN8n(version);
	const home = userFolder ?? mkdtempSync(join(mkdirp(N8N_HOMES_DIR), `${exact}-`));
	const installed = packageDir
		? await installCommunityPackage({ packageDir, userFolder: home, allowPartialBuild })
		: undefined;

	const httpPort = port ?? (await findFreePort());
	const brokerPort = await findFreePort();
	const logFile = join(home, 'n8n.log');
	const environment = {
		...process.env,
		...n8nEnvironment({ userFolder: home, port: httpPort, brokerPort }),
		// Late 1.123 patches default to the `vm` expression engine, built on isolated-vm, which
		// needs Node 22+; on Node 20 the legacy engine (every earlier 1.x's) is the one that runs.
		...(nodeMajor < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		...env,
	};

	/** One n8n process on the user folder and port; a restart launches another on the same ones. */
	const launch = () => launchN8nProcess({ nodeBin, args: [n8nBin, 'start'], cwd: home, env: environment, logFile });

	let running = launch();
	const stop = async () => {
		await running.end();
		if (!userFolder) rmSync(home, { recursive: true, force: true });
	};

	const url = `http://127.0.0.1:${httpPort}`;
	try {
		await waitUntilServing(url, running.exitCode, logFile);
		const client = new N8nClient(url, installDir);
		await client.setUpOwner(OWNER);
		if (installed) await assertRegistered(client, installed, logFile);
		return {
			version: exact,
			url,
			userFolder: home,
			logFile,
			owner: { email: OWNER.email, password: OWNER.password },
			client,
			installedPackage: installed,
			async restart(signal = 'SIGTERM') {
				await running.end(signal);
				running = launch();
				await waitUntilServing(url, running.exitCode, logFile);
				await client.login(OWNER);
			},
			stop,
		};
	} catch (error) {
		await running.end();
		throw error;
	}
}

/**
 * @typedef {object} N8nProcess
 * @property {number | undefined} pid the n8n process (the task runner it spawns is a child of it)
 * @property {() => number | null} exitCode null while it runs
 * @property {(signal?: NodeJS.Signals) => Promise<void>} end SIGTERM (default) lets n8n shut down,
 *   SIGKILL is a crash; still running STOP_TIMEOUT_MS after the signal, it is killed
 */

/**
 * Spawns one n8n command with its output appended to `logFile`.
 * @param {{ nodeBin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string }} options
 * @returns {N8nProcess}
 */
function launchN8nProcess({ nodeBin, args, cwd, env, logFile }) {
	const log = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(nodeBin, args, {
		cwd,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Its own process group, so that stop() also ends the task runner n8n spawns.
		detached: true,
	});
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	/** @type {number | null} */
	let exitCode = null;
	const exited = new Promise((resolvePromise) =>
		child.on('exit', (code, signal) => {
			exitCode = code ?? (signal ? 128 : 1);
			resolvePromise(undefined);
		}),
	);
	// A caller that exits without stop() (a crash, process.exit) must not leave n8n running.
	const killOnExit = () => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL');
	process.on('exit', killOnExit);
	/** @param {NodeJS.Signals} [signal] */
	const end = async (signal = 'SIGTERM') => {
		process.off('exit', killOnExit);
		if (exitCode === null && child.pid !== undefined) {
			signalGroup(child.pid, signal);
			// Cleared once n8n has exited: a pending timer would keep the caller's process alive.
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const timedOut = await Promise.race([
				exited.then(() => false),
				new Promise((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(true), STOP_TIMEOUT_MS))),
			]);
			clearTimeout(timer);
			if (timedOut) signalGroup(child.pid, 'SIGKILL');
			await exited;
		}
		log.end();
	};
	return { pid: child.pid, end, exitCode: () => exitCode };
}

/**
 * @typedef {object} N8nWorker
 * @property {string} userFolder its own N8N_USER_FOLDER, with the package in `.n8n/nodes`
 * @property {string} logFile
 * @property {number | undefined} pid the worker process, which runs the nodes
 * @property {() => string} log what it has logged so far
 * @property {(signal?: NodeJS.Signals) => Promise<void>} stop ends it (SIGTERM: n8n waits for its
 *   running executions; SIGKILL: a crash); a user folder it made itself is deleted
 */

/**
 * Starts `n8n worker` for queue mode: the caller passes the database and Redis settings in `env`
 * (scripts/queue/). It gets its own user folder with the package installed there, as a worker on
 * another machine or container would, and is ready when its health server says so (database and
 * Redis connected).
 * @param {object} options
 * @param {string} [options.version]
 * @param {NodeJS.ProcessEnv} options.env queue and database settings, shared with the main instance
 * @param {number} [options.concurrency] jobs it runs at once (n8n's default is 10)
 * @param {string | null} [options.packageDir] default the repo
 * @param {string} [options.name] for the user folder's name
 * @returns {Promise<N8nWorker>}
 */
export async function startN8nWorker({ version = '2.41.0', env, concurrency = 10, packageDir = REPO_ROOT, name = 'worker' }) {
	const { version: exact, n8nBin, nodeBin } = await ensureN8n(version);
	const home = mkdtempSync(join(mkdirp(N8N_HOMES_DIR), `${exact}-${name}-`));
	if (packageDir) await installCommunityPackage({ packageDir, userFolder: home });
	const healthPort = await findFreePort();
	const logFile = join(home, 'n8n.log');
	const running = launchN8nProcess({
		nodeBin,
		args: [n8nBin, 'worker', `--concurrency=${concurrency}`],
		cwd: home,
		env: {
			...process.env,
			...n8nEnvironment({ userFolder: home, port: await findFreePort(), brokerPort: await findFreePort() }),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...env,
		},
		logFile,
	});
	const log = () => readFileSync(logFile, 'utf8');
	try {
		// Readiness: the worker's database and Redis connections are up.
		const readiness = `http://127.0.0.1:${healthPort}/healthz/readiness`;
		await waitUntil(async () => (await fetch(readiness)).ok, running.exitCode, logFile, `worker ${name} ready (${readiness})`);
		const failedPackage = log().match(/Failed to load package[^\n]*/);
		if (failedPackage) throw new Error(`worker ${name}: ${failedPackage[0]} (log ${logFile})`);
	} catch (error) {
		// The user folder stays, with the log, for reading.
		await running.end();
		throw error;
	}
	return {
		userFolder: home,
		logFile,
		pid: running.pid,
		log,
		async stop(signal = 'SIGTERM') {
			await running.end(signal);
			rmSync(home, { recursive: true, force: true });
		},
	};
}

/**
 * n8n logs a package that fails to load and starts without it; a test run must not go on like that.
 * @param {N8nClient} client
 * @param {import('./community-package.mjs').InstalledPackage} installed
 * @param {string} logFile
 */
async function assertRegistered(client, installed, logFile) {
	const registered = await client.listTypes();
	const missing = [
		...installed.types.nodes.filter((name) => !registered.nodes.includes(name)),
		...installed.types.credentials.filter((name) => !registered.credentials.includes(name)),
	];
	if (!missing.length) return;
	const log = readFileSync(logFile, 'utf8');
	const failure = log.slice(Math.max(0, log.indexOf(`Failed to load package "${installed.name}"`))).slice(0, 1500);
	throw new Error(`n8n did not register ${missing.join(', ')} (log ${logFile}):\n${failure}`);
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/** @param {string} dir */
function mkdirp(dir) {
	mkdirSync(dir, { recursive: true });
	return dir;
}

/**
 * `/healthz` answers as soon as the port is open, and until the database is migrated every other path
 * answers a 200 "starting up" page; so this waits for readiness and for the REST API to answer JSON.
 * @param {string} url
 * @param {() => number | null} exitCode
 * @param {string} logFile
 */
async function waitUntilServing(url, exitCode, logFile) {
	await waitUntil(
		async () => {
			const readiness = await fetch(`${url}/healthz/readiness`);
			const settings = readiness.ok ? await fetch(`${url}/rest/settings`) : undefined;
			return Boolean(settings?.ok && settings.headers.get('content-type')?.includes('application/json'));
		},
		exitCode,
		logFile,
		`serve ${url}`,
	);
}

/**
 * @param {() => Promise<boolean>} isReady a refused connection counts as not yet
 * @param {() => number | null} exitCode
 * @param {string} logFile
 * @param {string} what for the error: n8n did not <what> in time
 */
async function waitUntil(isReady, exitCode, logFile, what) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		const code = exitCode();
		if (code !== null) throw new Error(`n8n exited (code ${code}) while starting; see ${logFile}`);
		try {
			if (await isReady()) return;
		} catch {
			// Not listening yet.
		}
		await pause(500);
	}
	throw new Error(`n8n did not ${what} within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}
