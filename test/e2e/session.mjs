// @ts-check
// One end-to-end session: the emulator and ONE real n8n (with this package installed as a community
// package) for the n8n version under test, a Sixtyfour credential pointing at the emulator, and
// helpers the example tests share.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, resolveN8nVersion } from '../../scripts/n8n/install.mjs';
import { startN8n } from '../../scripts/n8n/instance.mjs';
import emulator from '../emulator/index.js';

/** Emulated seconds per wall second: a 5-record Lead Enrichment run takes about 2 s. */
export const EMULATOR_SPEED = 60;
export const API_KEY = 'sk_test_e2e';

const sessionStarted = Date.now();

/**
 * Progress for whoever watches the run; stderr, so that the test reporter's stdout stays clean.
 * @param {string} version
 * @param {string} message
 */
export function progress(version, message) {
	const seconds = ((Date.now() - sessionStarted) / 1000).toFixed(1).padStart(6);
	process.stderr.write(`[e2e n8n ${version} +${seconds}s] ${message}\n`);
}

/** @param {number} ms */
export const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * An example workflow as exported in `examples/`.
 * @param {string} name file name without `.json`
 * @returns {any}
 */
export function readExample(name) {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'));
}

/**
 * @typedef {Awaited<ReturnType<typeof emulator.startEmulator>>} Emulator
 * @typedef {import('../../scripts/n8n/instance.mjs').N8nInstance} N8nInstance
 * @typedef {{ id: string, name: string, type: string }} Credential
 * @typedef {object} Session
 * @property {string} version exact n8n version
 * @property {Emulator} emu the emulator every example talks to (real clock, EMULATOR_SPEED)
 * @property {N8nInstance} n8n
 * @property {Credential} credential `sixtyfourApi` credential for `emu`
 * @property {(message: string) => void} say progress line
 * @property {(example: string, options?: { credential?: Credential, rename?: string }) => Promise<string>} importExample
 *   saves `examples/<example>.json` in n8n with its credentials bound to `credential` (default the
 *   session's); returns the workflow id
 * @property {() => Promise<void>} stop
 */

/**
 * A Sixtyfour credential for `emu` in n8n, and the example import bound to it: what every session
 * (one process, or queue mode) gives its tests.
 * @param {N8nInstance} n8n
 * @param {Emulator} emu
 * @returns {Promise<Pick<Session, 'credential' | 'importExample'>>}
 */
export async function exampleTools(n8n, emu) {
	const credential = await n8n.client.createCredential({
		name: 'Sixtyfour account',
		data: { apiKey: API_KEY, baseUrl: emu.baseUrl },
	});
	return {
		credential,
		async importExample(example, { credential: bound = credential, rename } = {}) {
			const workflow = readExample(example);
			if (rename) workflow.name = rename;
			const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: bound } });
			return id;
		},
	};
}

/**
 * @param {string} requestedVersion
 * @param {{ env?: NodeJS.ProcessEnv }} [options] env: extra environment for n8n (the durable-scheduler
 *   leg turns n8n's scheduler on with it)
 * @returns {Promise<Session>}
 */
export async function startSession(requestedVersion, { env } = {}) {
	const version = resolveN8nVersion(requestedVersion);
	const say = (/** @type {string} */ message) => progress(version, message);
	// The emulated clock starts now, so the runs' times read as plausible in n8n's editor.
	const emu = await emulator.startEmulator({
		apiKey: API_KEY,
		clock: { mode: 'real', speed: EMULATOR_SPEED },
		startTime: new Date().toISOString(),
	});
	say(`emulator at ${emu.baseUrl} (clock x${EMULATOR_SPEED}); starting n8n ${version}`);
	/** @type {N8nInstance} */
	let n8n;
	try {
		n8n = await startN8n({ version, env });
	} catch (error) {
		await emu.close();
		throw error;
	}
	say(`n8n ${n8n.version} serving ${n8n.url} (log ${n8n.logFile})`);
	const stop = async () => {
		await n8n.stop();
		await emu.close();
		say('n8n and emulator stopped');
	};
	try {
		return { version, emu, n8n, say, stop, ...(await exampleTools(n8n, emu)) };
	} catch (error) {
		await stop();
		throw error;
	}
}
