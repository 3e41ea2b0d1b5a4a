// @ts-check
// Figures measured by the queue-mode leg, written to bench/queue-mode.json and rendered into
// BENCHMARKS.md's "Queue mode" section (bench/report.js) by the same run:
// - Workflow → Run executions per minute through a production webhook, with 2 workers and then 1;
// - the worker's memory while the node returns a 100,000-row result (rows, and one file);
// - how many waiting Workflow → Run executions a worker holds at concurrency 10
//   and 50, its memory with them, and the status requests their shared check makes.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/n8n/install.mjs';
import { apiGet, finalRows } from './emulator-results.mjs';
import { WORKER_CONCURRENCY, WORKFLOWS, activateWebhook, enrichVariant, postBurst, webhookEnrichWorkflow, workersThatRan } from './queue-mode-session.mjs';

const require = createRequire(import.meta.url);
const { describeMachine } = require('../../bench/machine.js');
const { spliceQueueModeSection } = require('../../bench/report.js');

export const FIGURES_FILE = join(REPO_ROOT, 'bench', 'queue-mode.json');
const BENCHMARKS_FILE = join(REPO_ROOT, 'BENCHMARKS.md');
/** Executions posted at once per throughput measurement: several rounds of every worker's slots. */
const THROUGHPUT_EXECUTIONS = 60;
const SAMPLE_MS = 50;
/** Worker concurrencies at which waiting executions are counted. */
const WAITING_CONCURRENCIES = [10, 50];
/** Executions started beyond a worker's slots: they stay queued until a slot frees. */
const WAITING_EXTRA = 10;
/** How long the waits' status requests are counted, once they all wait. */
const WAITING_WINDOW_MS = 30_000;

/**
 * Resident memory of a process from /proc, in MB.
 * @param {number} pid
 * @param {'VmRSS' | 'VmHWM'} field VmHWM: the peak since the last reset
 */
function memoryMB(pid, field) {
	const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
	if (!match) throw new Error(`no ${field} for process ${pid}`);
	return Number(match[1]) / 1024;
}

/** @param {() => import('./queue-mode-session.mjs').QueueSession} session */
export function queueModeFigures(session) {
	const figures = /** @type {Record<string, any>} */ ({ measuredAt: new Date().toISOString(), machine: describeMachine(), workerConcurrency: WORKER_CONCURRENCY, throughput: [], memory: [], waiting: [] });
	/** @type {string | undefined} */
	let webhookUrl;

	/** @param {number} workers */
	const measureThroughput = async (workers) => {
		const { n8n, emu, say, cluster } = session();
		assert.equal(cluster.workers.length, workers);
		if (!webhookUrl) {
			const { id } = await n8n.client.createWorkflow(webhookEnrichWorkflow('sixtyfour-throughput', WORKFLOWS.fast.id), { credentials: { sixtyfourApi: session().credential } });
			webhookUrl = await activateWebhook(n8n, id, 'sixtyfour-throughput');
			// The first executions pay for loading code on each worker; they are not timed.
			await postBurst(webhookUrl, 2 * workers, 'Warm');
		}
		const starts = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/workflows/run').length;
		const startsBefore = starts();
		const started = Date.now();
		const answers = await postBurst(webhookUrl, THROUGHPUT_EXECUTIONS, `W${workers}`);
		const seconds = (Date.now() - started) / 1000;
		for (const answer of answers) {
			assert.equal(answer.status, 200, JSON.stringify(answer.rows).slice(0, 300));
			assert.equal(answer.rows.length, answer.companies.length, 'every company enriched');
		}
		assert.equal(starts() - startsBefore, THROUGHPUT_EXECUTIONS, 'one run per execution');
		const perMinute = (THROUGHPUT_EXECUTIONS / seconds) * 60;
		figures.throughput.push({ workers, executions: THROUGHPUT_EXECUTIONS, seconds, perMinute });
		say(`${workers} worker(s): ${THROUGHPUT_EXECUTIONS} executions in ${seconds.toFixed(1)} s, ${perMinute.toFixed(0)} a minute`);
	};

	test(`figures: Workflow → Run executions per minute with 2 workers (${THROUGHPUT_EXECUTIONS} posted at once)`, { timeout: 300_000 }, async () => {
		await measureThroughput(2);
	});

	test(`figures: Workflow → Run executions per minute with 1 worker (${THROUGHPUT_EXECUTIONS} posted at once)`, { timeout: 300_000 }, async () => {
		const { cluster, say } = session();
		const [, second] = cluster.workers;
		await cluster.stopWorker(second);
		say('stopped worker 2 (SIGTERM)');
		await measureThroughput(1);
	});

	for (const output of /** @type {const} */ (['rows', 'files'])) {
		test(`figures: the worker's memory for a 100,000-row result, one item per ${output === 'rows' ? 'row' : 'file'}`, { timeout: 300_000 }, async () => {
			const { n8n, emu, say, credential, cluster } = session();
			// A new worker for each, so that neither measurement starts with the other's garbage.
			for (const old of [...cluster.workers]) await cluster.stopWorker(old);
			const worker = await cluster.addWorker(`worker-${output}`);
			const pid = /** @type {number} */ (worker.pid);
			// The synthetic rows do not answer the records sent, so no matching: the rows as they come.
			const workflow = enrichVariant(`Sixtyfour: 100,000 rows, one item per ${output}`, WORKFLOWS.large.id, { resultOutput: output, matchRows: 'none' });
			const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });

			const baselineMB = memoryMB(pid, 'VmRSS');
			// Resets the peak (VmHWM) to the current resident set, so the peak read later is this run's.
			writeFileSync(`/proc/${pid}/clear_refs`, '5');
			let sampledPeakMB = baselineMB;
			const sampler = setInterval(() => (sampledPeakMB = Math.max(sampledPeakMB, memoryMB(pid, 'VmRSS'))), SAMPLE_MS);
			const started = Date.now();
			let execution;
			try {
				execution = await n8n.client.waitForExecution(await n8n.client.startWorkflow(id), 240_000);
			} finally {
				clearInterval(sampler);
			}
			const seconds = (Date.now() - started) / 1000;
			const peakMB = Math.max(sampledPeakMB, memoryMB(pid, 'VmHWM'));
			assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? {}));
			assert.deepEqual(workersThatRan(session(), execution.id), [worker.logFile]);

			const items = execution.runData['Enrich with Sixtyfour'][0].data.main[0];
			if (output === 'rows') {
				assert.equal(items.length, 100_000);
				const [run] = await apiGet(emu, `/workflows/runs?workflow_id=${WORKFLOWS.large.id}&limit=1`);
				const expected = await finalRows(emu, run.job_id);
				assert.deepEqual([items[0].json, items.at(-1).json], [expected[0], expected.at(-1)], 'first and last rows');
			} else {
				assert.equal(items.length, 1);
				assert.match(items[0].binary.data.id, /^database:/);
				assert.equal(items[0].binary.data.fileName, 'enriched_results_final.csv');
			}
			figures.memory.push({ output, rows: 100_000, baselineMB, peakMB, growthMB: peakMB - baselineMB, seconds });
			say(`100,000 rows, one item per ${output === 'rows' ? 'row' : 'file'}: worker ${baselineMB.toFixed(0)} MB before, peak ${peakMB.toFixed(0)} MB, in ${seconds.toFixed(1)} s`);
		});
	}

	for (const concurrency of WAITING_CONCURRENCIES) {
		test(`figures: waiting executions a worker holds at concurrency ${concurrency}, and its memory`, { timeout: 300_000 }, async () => {
			const { n8n, emu, say, credential, cluster } = session();
			for (const old of [...cluster.workers]) await cluster.stopWorker(old);
			const worker = await cluster.addWorker(`worker-waiting-${concurrency}`, { concurrency });
			const pid = /** @type {number} */ (worker.pid);
			// One run each that lasts days: every execution a slot takes waits until it is stopped.
			const workflow = enrichVariant(`Sixtyfour: waiting at concurrency ${concurrency}`, WORKFLOWS.slow.id);
			const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
			const runsOfSlow = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/workflows/run' && r.query.workflow_id === WORKFLOWS.slow.id).length;
			const startsBefore = runsOfSlow();
			const baselineMB = memoryMB(pid, 'VmRSS');
			const posted = concurrency + WAITING_EXTRA;
			const executionIds = [];
			for (let i = 0; i < posted; i++) executionIds.push(await n8n.client.startWorkflow(id));
			const deadline = Date.now() + 120_000;
			while (runsOfSlow() - startsBefore < concurrency && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
			// Long enough for a queued execution to take a slot, were there one free.
			await new Promise((r) => setTimeout(r, 5000));
			const held = runsOfSlow() - startsBefore;
			const statusPaths = () => emu.requests.filter((r) => r.method === 'GET' && (r.path === '/workflows/runs' || r.path.endsWith('/live_status'))).length;
			const statusBefore = statusPaths();
			await new Promise((r) => setTimeout(r, WAITING_WINDOW_MS));
			const statusRequestsPerMinute = ((statusPaths() - statusBefore) / WAITING_WINDOW_MS) * 60_000;
			const heldMB = memoryMB(pid, 'VmRSS');
			for (const executionId of executionIds) await n8n.client.stopExecution(executionId).catch(() => undefined);
			assert.equal(held, concurrency, `the worker holds ${concurrency} waiting executions, no more`);
			figures.waiting.push({ concurrency, posted, held, baselineMB, heldMB, statusRequestsPerMinute, windowSeconds: WAITING_WINDOW_MS / 1000 });
			say(`concurrency ${concurrency}: ${held} of ${posted} executions waiting on the worker, ${baselineMB.toFixed(0)} MB before, ${heldMB.toFixed(0)} MB with them; ${statusRequestsPerMinute.toFixed(0)} status requests a minute`);
		});
	}

	test('figures: written to bench/queue-mode.json and BENCHMARKS.md', () => {
		assert.equal(figures.throughput.length, 2, 'both throughput measurements');
		assert.equal(figures.memory.length, 2, 'both memory measurements');
		assert.equal(figures.waiting.length, WAITING_CONCURRENCIES.length, 'waiting executions at each concurrency');
		writeFileSync(FIGURES_FILE, `${JSON.stringify(figures, null, '\t')}\n`);
		writeFileSync(BENCHMARKS_FILE, spliceQueueModeSection(readFileSync(BENCHMARKS_FILE, 'utf8'), figures));
		session().say(`figures written to ${FIGURES_FILE} and BENCHMARKS.md`);
	});
}
