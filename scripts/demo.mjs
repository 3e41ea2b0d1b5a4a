#!/usr/bin/env node
// @ts-check
// `npm run demo`: the package inside a real n8n. Builds it, starts the Sixtyfour emulator (or uses
// the real API when SIXTYFOUR_API_KEY and SIXTYFOUR_WORKFLOW_ID are set), starts n8n with the
// package installed as a community node, imports the example workflows, runs "enrich companies"
// and prints the enriched rows.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { elapsed, isN8nInstalled, REPO_ROOT, resolveN8nVersion } from './n8n/install.mjs';
import { startN8n } from './n8n/instance.mjs';

const USAGE = `Usage: npm run demo -- [--keep] [--screenshot] [--screenshot-file FILE] [--n8n VERSION]

  --keep                  leave n8n (and the emulator) running until Ctrl-C, to explore the editor
  --screenshot            save a screenshot of the enrich workflow in the editor (headless Chromium,
                          Debian's chromium package) to docs/sixtyfour-node-in-n8n.png
  --screenshot-file FILE  ... or to FILE
  --n8n VERSION           n8n to run: 2.41.0 (default) or 1.x

Against the real Sixtyfour API instead of the local emulator:
  SIXTYFOUR_API_KEY=... SIXTYFOUR_WORKFLOW_ID=wf_... [SIXTYFOUR_BASE_URL=...] npm run demo
  The workflow must start with a webhook block; the demo enriches 5 sample companies with it.`;

/** The workflow id the examples are written for: the emulator's lead enrichment workflow. */
const EXAMPLE_WORKFLOW_ID = 'wf_lead_enrichment';
const EXAMPLES = ['enrich-companies', 'start-run', 'process-finished-runs', 'cancel-long-runs'];
const ENRICH_TRIGGER = "When clicking 'Execute workflow'";
const ENRICH_NODE = 'Enrich with Sixtyfour';
const TABLE_COLUMNS = ['company_name', 'domain', 'industry', 'employee_count', 'contact_name', 'email'];
const DEFAULT_SCREENSHOT = join(REPO_ROOT, 'docs', 'sixtyfour-node-in-n8n.png');
/** One wall second is one emulated minute: the 5-company run takes about 3 s. */
const EMULATOR_SPEED = 60;

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** @param {string} text */
const say = (text) => process.stdout.write(`${text}\n`);

class DemoError extends Error {}

/**
 * @param {string} title
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 * @template T
 */
async function step(title, work) {
	say(`\n> ${title}`);
	try {
		return await work();
	} catch (error) {
		if (error instanceof DemoError) throw error;
		throw new DemoError(`${title} failed: ${/** @type {Error} */ (error).message}`);
	}
}

/** `npm run build`, quiet unless it fails. */
function buildPackage() {
	return new Promise((resolvePromise, reject) => {
		const child = spawn('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolvePromise(undefined) : reject(new Error(`npm run build exited ${code}:\n${output.trim()}`)),
		);
	});
}

/**
 * @typedef {object} SixtyfourTarget
 * @property {string} label
 * @property {string} baseUrl
 * @property {string} apiKey
 * @property {string} workflowId
 * @property {number} pollMs how often the demo asks for the run's progress
 * @property {number} executionTimeoutMs
 * @property {() => Promise<void>} [close] stops the emulator
 */

/** @returns {Promise<SixtyfourTarget>} */
async function startSixtyfour() {
	const apiKey = process.env.SIXTYFOUR_API_KEY?.trim();
	const workflowId = process.env.SIXTYFOUR_WORKFLOW_ID?.trim();
	if (apiKey || workflowId) {
		if (!apiKey || !workflowId) {
			throw new DemoError('The real API needs both SIXTYFOUR_API_KEY and SIXTYFOUR_WORKFLOW_ID (unset both for the emulator).');
		}
		const baseUrl = (process.env.SIXTYFOUR_BASE_URL?.trim() || 'https://api.sixtyfour.ai').replace(/\/+$/, '');
		say(`  Sixtyfour API ${baseUrl}, workflow ${workflowId} (real runs use credits: 5 records)`);
		return { label: 'Sixtyfour API', baseUrl, apiKey, workflowId, pollMs: 3000, executionTimeoutMs: 65 * 60_000 };
	}
	const { startEmulator } = createRequire(import.meta.url)('../test/emulator/index.js');
	const emu = await startEmulator({
		clock: { mode: 'real', speed: EMULATOR_SPEED },
		startTime: new Date().toISOString(),
		recordRequests: false,
	});
	say(`  emulator API ${emu.baseUrl}, API key ${emu.apiKey}, clock x${EMULATOR_SPEED} (one second is one emulated minute)`);
	return {
		label: 'emulator',
		baseUrl: emu.baseUrl,
		apiKey: emu.apiKey,
		workflowId: EXAMPLE_WORKFLOW_ID,
		pollMs: 400,
		executionTimeoutMs: 120_000,
		close: () => emu.close(),
	};
}

/**
 * @param {SixtyfourTarget} target
 * @param {string} path
 */
async function sixtyfourGet(target, path) {
	const response = await fetch(`${target.baseUrl}${path}`, { headers: { 'x-api-key': target.apiKey } });
	if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
	return await response.json();
}

/**
 * Prints the progress of the run n8n starts, from Sixtyfour's live status, until `done` settles.
 * The demo's own reads; n8n's node polls on its own schedule.
 * @param {SixtyfourTarget} target
 * @param {Set<string>} earlierRuns job ids that existed before the execution started
 * @param {Promise<unknown>} done
 */
async function reportProgress(target, earlierRuns, done) {
	let finished = false;
	done.then(
		() => (finished = true),
		() => (finished = true),
	);
	/** @type {string | undefined} */
	let jobId;
	let lastLine = '';
	while (!finished) {
		try {
			if (!jobId) {
				const runs = await sixtyfourGet(target, `/workflows/runs?workflow_id=${encodeURIComponent(target.workflowId)}&limit=20`);
				jobId = runs.find((/** @type {{ job_id: string }} */ run) => !earlierRuns.has(run.job_id))?.job_id;
				if (jobId) say(`  n8n started Sixtyfour run ${jobId}`);
			} else {
				const line = progressLine(await sixtyfourGet(target, `/workflows/runs/${encodeURIComponent(jobId)}/live_status`));
				if (line !== lastLine) say(`  ${line}`);
				lastLine = line;
			}
		} catch {
			// Progress is a courtesy; the execution's own result decides.
		}
		await Promise.race([pause(target.pollMs), done.catch(() => {})]);
	}
}

/** @param {any} live Sixtyfour's live status */
function progressLine(live) {
	const percent = `${Number(live.overall_progress_percentage ?? 0).toFixed(0).padStart(3)}%`;
	const block = (live.blocks ?? []).find((/** @type {any} */ b) => b.block_name === live.current_block);
	const where =
		live.overall_status === 'running' && block
			? `block ${live.current_block_sequence}/${live.total_blocks} ${block.block_name}` +
				(block.current_step ? ` (${block.current_step}, ${block.processed_count}/${block.total_count})` : '')
			: '';
	return `${percent} ${live.overall_status}${where ? `: ${where}` : ''}`;
}

/**
 * The examples are written for the emulator's workflow; the real API gets the user's.
 * @param {string} name
 * @param {string} workflowId
 */
function loadExample(name, workflowId) {
	const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'));
	for (const node of workflow.nodes) {
		const locator = node.parameters?.workflowId;
		if (locator?.value === EXAMPLE_WORKFLOW_ID) node.parameters.workflowId = { ...locator, value: workflowId };
	}
	return workflow;
}

/** @param {Array<Record<string, unknown>>} rows */
function printTable(rows) {
	const columns = TABLE_COLUMNS.filter((column) => rows.some((row) => row[column] !== undefined));
	/** @param {unknown} value */
	const cell = (value) => {
		const text = value === undefined || value === null ? '' : String(value).replace(/\s+/g, ' ');
		return text.length > 28 ? `${text.slice(0, 27)}…` : text;
	};
	const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
	/** @param {string[]} cells */
	const line = (cells) => `  ${cells.map((text, i) => text.padEnd(widths[i])).join('  ')}`.trimEnd();
	say(line(columns));
	say(line(widths.map((width) => '-'.repeat(width))));
	for (const row of rows) say(line(columns.map((column) => cell(row[column]))));
}

/** What to stop on the way out, in start order. @type {Array<{ name: string, stop: () => Promise<void> }>} */
const running = [];
const runningNames = () => running.map(({ name }) => name).join(' and ');

/** Stops what the demo started; n8n runs in its own process group, so Ctrl-C alone would not. */
async function stopAll() {
	const newestFirst = running.splice(0).reverse();
	if (newestFirst.length) say(`\nStopping ${newestFirst.map(({ name }) => name).join(' and ')}…`);
	for (const { stop } of newestFirst) await stop().catch(() => {});
}

/** @type {(() => void) | undefined} */
let onKeepEnded;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => {
		if (onKeepEnded) return onKeepEnded();
		say(`\nInterrupted (${signal}).`);
		void stopAll().then(() => process.exit(130));
	});
}

/** The command line; a mistyped option gets the usage. */
function parseOptions() {
	try {
		return parseArgs({
			options: {
				keep: { type: 'boolean', default: false },
				screenshot: { type: 'boolean', default: false },
				'screenshot-file': { type: 'string' },
				n8n: { type: 'string', default: '2.41.0' },
				help: { type: 'boolean', default: false },
			},
		});
	} catch (error) {
		throw new DemoError(`${/** @type {Error} */ (error).message}\n\n${USAGE}`);
	}
}

async function main() {
	const { values } = parseOptions();
	if (values.help) return say(USAGE);
	const version = resolveN8nVersion(values.n8n);
	const started = Date.now();
	say(`Sixtyfour nodes for n8n: demo (n8n ${version})`);

	await step('Building the package (npm run build)', async () => {
		const t = Date.now();
		await buildPackage();
		say(`  built dist/ in ${elapsed(t)}`);
	});

	const sixtyfour = await step('Starting Sixtyfour', startSixtyfour);
	if (sixtyfour.close) running.push({ name: 'the emulator', stop: sixtyfour.close });
	const n8n = await step(`Starting n8n ${version} with this package as a community node`, async () => {
		if (!isN8nInstalled(version)) {
			say(`  n8n ${version} is not installed yet: installing it once (about 7 minutes and 3 GB of disk; later`);
			say('  runs reuse it and start in under a minute). One line per step below; npm\'s own output goes to the log named there.');
		}
		const t = Date.now();
		const instance = await startN8n({ version });
		say(`  n8n ${instance.version} serves ${instance.url} (started in ${elapsed(t)}; log ${instance.logFile})`);
		return instance;
	});
	running.push({ name: 'n8n', stop: n8n.stop });
	const { client } = n8n;

	const credential = await step('Creating the Sixtyfour credential and testing it with n8n\'s credential test', async () => {
		const data = { apiKey: sixtyfour.apiKey, baseUrl: sixtyfour.baseUrl };
		const created = await client.createCredential({ name: 'Sixtyfour account', data });
		const result = await client.testCredential({ ...created, data });
		say(`  credential "${created.name}" → ${sixtyfour.label}: ${result.status} (${result.message})`);
		if (result.status !== 'OK') throw new DemoError(`n8n's credential test failed: ${result.message}`);
		return created;
	});

	const workflowIds = await step('Importing the example workflows', async () => {
		/** @type {Record<string, string>} */
		const ids = {};
		for (const name of EXAMPLES) {
			const workflow = loadExample(name, sixtyfour.workflowId);
			ids[name] = (await client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } })).id;
			say(`  examples/${name}.json → "${workflow.name}" ${n8n.url}/workflow/${ids[name]}`);
		}
		return ids;
	});

	const execution = await step('Running "enrich companies": 5 sample companies → Sixtyfour → enriched rows', async () => {
		const earlierRuns = new Set(
			(await sixtyfourGet(sixtyfour, `/workflows/runs?workflow_id=${encodeURIComponent(sixtyfour.workflowId)}&limit=20`)).map(
				(/** @type {{ job_id: string }} */ run) => run.job_id,
			),
		);
		const workflowId = workflowIds['enrich-companies'];
		const workflowData = await client.getWorkflow(workflowId);
		const t = Date.now();
		const { executionId } = await client.request('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: ENRICH_TRIGGER },
		});
		const done = client.waitForExecution(String(executionId), sixtyfour.executionTimeoutMs);
		await reportProgress(sixtyfour, earlierRuns, done);
		const result = await done;
		const executionUrl = `${n8n.url}/workflow/${workflowId}/executions/${result.id}`;
		const nodeError = result.nodes[ENRICH_NODE]?.error ?? result.error;
		if (result.status !== 'success') {
			throw new DemoError(`the n8n execution ended "${result.status}": ${nodeError?.message ?? 'no error message'}\n  see ${executionUrl}`);
		}
		say(`  n8n execution ${result.id} succeeded in ${elapsed(t)}`);
		return { ...result, workflowId };
	});

	const rows = execution.nodes[ENRICH_NODE].outputs[0];
	const withoutRow = rows.filter((/** @type {{ sixtyfour_matched?: boolean }} */ row) => row.sixtyfour_matched === false).length;
	say(`\n> "${ENRICH_NODE}" output: ${rows.length - withoutRow} enriched rows, each paired with its company, and ${withoutRow} companies Sixtyfour found nothing for (sixtyfour_matched: false)`);
	printTable(rows);

	if (values.screenshot) {
		await step('Taking a screenshot of the editor (headless Chromium)', async () => {
			const { takeEditorScreenshot } = await import('./screenshot.mjs');
			const file = values['screenshot-file'] ?? DEFAULT_SCREENSHOT;
			await takeEditorScreenshot({
				url: n8n.url,
				owner: n8n.owner,
				workflowId: execution.workflowId,
				nodeName: ENRICH_NODE,
				file,
			});
			say(`  saved ${file}`);
		});
	}

	say(`\nDone in ${elapsed(started)}. The n8n editor: ${n8n.url}/workflow/${execution.workflowId}`);
	say(`  log in as ${n8n.owner.email} / ${n8n.owner.password}`);
	if (values.keep) {
		say(`  Left running: ${runningNames()}. Open the editor, run the other examples; Ctrl-C stops everything.`);
		await new Promise((resolvePromise) => (onKeepEnded = () => resolvePromise(undefined)));
	} else {
		say('  (`npm run demo -- --keep` leaves n8n running to explore the editor)');
	}
}

main().then(
	async () => {
		await stopAll();
		process.exit(0);
	},
	async (error) => {
		const message = error instanceof DemoError ? error.message : error.stack;
		process.stderr.write(`\nDemo failed: ${message}\n`);
		if (/n8n (exited|did not)/.test(message)) {
			process.stderr.write('n8n\'s own log is kept in the file named above.\n');
		}
		await stopAll();
		process.exit(1);
	},
);
