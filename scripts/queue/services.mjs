// @ts-check
// PostgreSQL and Redis for n8n's queue mode, from Debian's packages: installed when missing
// (apt-get, as root), started on loopback with their data in a temporary folder, stopped at the
// end. Nothing here touches a system-wide cluster or service: each start is its own initdb.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../n8n/instance.mjs';

const PACKAGES = ['postgresql', 'redis-server'];
export const POSTGRES_DATABASE = 'n8n';
export const POSTGRES_USER = 'postgres';
const START_TIMEOUT_MS = 60_000;

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<string>} stdout
 */
function run(command, args, { env = process.env } = {}) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolvePromise(output);
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`));
		});
	});
}

/** The newest PostgreSQL server's bin folder from Debian's packages, if any. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

const redisServer = () => ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

/**
 * Installs what is missing of PostgreSQL and Redis with apt-get. Fails loudly, never skips: without
 * root or apt the queue-mode leg cannot run, and CI must say so.
 * @param {(message: string) => void} say
 * @returns {Promise<{ installed: string[], seconds: number }>}
 */
export async function ensureServicePackages(say) {
	const started = Date.now();
	const missing = PACKAGES.filter((name) => (name === 'postgresql' ? !postgresBinDir() : !redisServer()));
	if (!missing.length) return { installed: [], seconds: 0 };
	if (process.getuid?.() !== 0) {
		throw new Error(`${missing.join(' and ')} missing and not running as root; install them first: sudo apt-get install -y ${PACKAGES.join(' ')}`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	say(`installing ${missing.join(', ')} from Debian's packages (apt-get update, then apt-get install -y ${missing.join(' ')})`);
	try {
		await run('apt-get', ['update'], { env });
		// Only what is missing: naming an installed package would upgrade it as a side effect.
		await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	} catch (error) {
		throw new Error(`could not install ${missing.join(', ')} with apt-get: ${/** @type {Error} */ (error).message}`);
	}
	if (!postgresBinDir() || !redisServer()) throw new Error(`apt-get installed ${PACKAGES.join(' ')} but no server binaries were found`);
	return { installed: missing, seconds: (Date.now() - started) / 1000 };
}

/**
 * @typedef {object} QueueServices
 * @property {{ host: string, port: number, database: string, user: string }} postgres
 * @property {{ host: string, port: number }} redis
 * @property {NodeJS.ProcessEnv} n8nEnv the database and queue settings every n8n process needs
 * @property {(query: string) => Promise<string>} sql runs one query in n8n's database (psql -At)
 * @property {() => Promise<void>} stop stops both and deletes their data
 */

/**
 * Starts a PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user when running as root, since
 * PostgreSQL refuses to run as root) and a Redis server, both on free loopback ports.
 * @param {(message: string) => void} say
 * @returns {Promise<QueueServices>}
 */
export async function startQueueServices(say) {
	const binDir = postgresBinDir();
	const redisBin = redisServer();
	if (!binDir || !redisBin) throw new Error('PostgreSQL or Redis is not installed; call ensureServicePackages first');
	const root = mkdtempSync(join(tmpdir(), 'sixtyfour-queue-'));
	const asRoot = process.getuid?.() === 0;
	// The postgres user must reach its data folder inside root's temporary one.
	chmodSync(root, 0o755);
	const pgData = join(root, 'postgres');
	mkdirSync(pgData, { mode: 0o700 });
	if (asRoot) {
		const { uid, gid } = lookupUser('postgres');
		chownSync(pgData, uid, gid);
	}
	/** @param {string} tool @param {string[]} args */
	const asPostgres = (tool, args) =>
		asRoot ? run('runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]) : run(join(binDir, tool), args);
	const superuser = asRoot ? POSTGRES_USER : userInfo().username;

	/** @type {Array<() => Promise<void>>} */
	const stops = [];
	const stop = async () => {
		for (const stopOne of stops.reverse()) await stopOne().catch((error) => say(`stopping: ${error.message}`));
		stops.length = 0;
		process.off('exit', stopNow);
		rmSync(root, { recursive: true, force: true });
	};
	// A caller that dies without stop() must not leave the servers running.
	const stopNow = () => {
		try {
			if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(binDir, 'pg_ctl'), '-D', pgData, 'stop', '-m', 'immediate'], { stdio: 'ignore' });
			else execFileSync(join(binDir, 'pg_ctl'), ['-D', pgData, 'stop', '-m', 'immediate'], { stdio: 'ignore' });
		} catch {
			// Not running.
		}
		killPidFile(join(root, 'redis.pid'));
	};
	process.on('exit', stopNow);

	try {
		const pgPort = await findFreePort();
		await asPostgres('initdb', ['-D', pgData, '-U', superuser, '--auth=trust', '--encoding=UTF8', '--no-sync']);
		const options = `-c listen_addresses=127.0.0.1 -p ${pgPort} -k ${pgData} -c fsync=off -c max_connections=100`;
		await asPostgres('pg_ctl', ['-D', pgData, '-l', join(pgData, 'server.log'), '-o', options, '-w', '-t', String(START_TIMEOUT_MS / 1000), 'start']);
		stops.push(async () => void (await asPostgres('pg_ctl', ['-D', pgData, 'stop', '-m', 'fast', '-w'])));
		await run(join(binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', superuser, POSTGRES_DATABASE]);
		say(`PostgreSQL ${binDir.split('/').at(-2)} on 127.0.0.1:${pgPort}, data in ${pgData}`);

		const redisPort = await findFreePort();
		const pidFile = join(root, 'redis.pid');
		await run(redisBin, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', root, '--pidfile', pidFile, '--logfile', join(root, 'redis.log')]);
		stops.push(async () => {
			killPidFile(pidFile);
			await waitFor(() => !existsSync(pidFile), 10_000);
		});
		await waitForRedis(redisPort);
		say(`Redis on 127.0.0.1:${redisPort}`);

		return {
			postgres: { host: '127.0.0.1', port: pgPort, database: POSTGRES_DATABASE, user: superuser },
			redis: { host: '127.0.0.1', port: redisPort },
			n8nEnv: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(pgPort),
				DB_POSTGRESDB_DATABASE: POSTGRES_DATABASE,
				DB_POSTGRESDB_USER: superuser,
				DB_POSTGRESDB_PASSWORD: '',
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
			},
			sql: (query) => run(join(binDir, 'psql'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', superuser, '-d', POSTGRES_DATABASE, '-At', '-c', query]),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** @param {string} name */
function lookupUser(name) {
	const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
	if (!line) throw new Error(`no user "${name}" (Debian's postgresql package creates it)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** @param {string} pidFile */
function killPidFile(pidFile) {
	try {
		process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
	} catch {
		// Gone already.
	}
}

/** @param {() => boolean} condition @param {number} timeoutMs */
async function waitFor(condition, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) await pause(100);
}

/** Redis answers PING once it accepts connections. @param {number} port */
async function waitForRedis(port) {
	const { connect } = await import('node:net');
	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		const answer = await new Promise((resolvePromise) => {
			const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
			socket.on('data', (data) => {
				resolvePromise(String(data));
				socket.destroy();
			});
			socket.on('error', () => resolvePromise(''));
		});
		if (String(answer).startsWith('+PONG')) return;
		if (Date.now() > deadline) throw new Error(`Redis on port ${port} did not answer PING`);
		await pause(200);
	}
}
