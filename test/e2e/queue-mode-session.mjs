// @ts-check
// The queue-mode session: the emulator, PostgreSQL, Redis, n8n main and two workers
// (scripts/queue/cluster.mjs), a Sixtyfour credential, and what the queue-mode checks share: the
// session shape of session.mjs (so the single-process example tests run here unchanged), which
// worker ran an execution, and the workflows the checks build.
import { randomUUID } from 'node:crypto';
import { startQueueCluster } from '../../scripts/queue/cluster.mjs';
import emulator from '../emulator/index.js';
import { API_KEY, EMULATOR_SPEED, exampleTools, progress, readExample } from './session.mjs';

export const QUEUE_VERSION = '2.41.0';
export const WORKERS = 2;
/** n8n's default: each worker runs this many executions at once. */
export const WORKER_CONCURRENCY = 10;

const MINUTE = 60_000;

/** Emulator workflows of the checks; each check watches or starts only its own. */
export const WORKFLOWS = Object.freeze({
	/** A short two-block run (under a second of wall time), every row enriched. */
	fast: {
		id: 'wf_queue_fast',
		name: 'Queue Fast Enrichment',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		enrichmentRate: 1,
		timing: { queueMs: 5000, blockBaseMs: 20_000, perRowMs: 0 },
	},
	/** Runs the polling trigger watches: 1 s of wall time from start to completion, less than n8n takes to start. */
	watched: {
		id: 'wf_queue_watched',
		name: 'Queue Watched Enrichment',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		enrichmentRate: 1,
		timing: { queueMs: 0, blockBaseMs: 30_000, perRowMs: 0 },
	},
	/** Runs that go on for days: a node waiting on one waits until it is stopped. */
	slow: {
		id: 'wf_queue_slow',
		name: 'Queue Slow Enrichment',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		timing: { queueMs: 1000, blockBaseMs: 24 * 60 * MINUTE, perRowMs: 0 },
	},
	/** 100,000 synthetic rows in its final file. */
	large: {
		id: 'wf_queue_large',
		name: 'Queue Large Result',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		synthetic: { rows: 100_000, seed: 7 },
		timing: { queueMs: 0, blockBaseMs: 5000, perRowMs: 0 },
	},
});

/**
 * @typedef {import('./session.mjs').Session & { cluster: import('../../scripts/queue/cluster.mjs').QueueCluster }} QueueSession
 */

/** @returns {Promise<QueueSession>} */
export async function startQueueSession() {
	const version = QUEUE_VERSION;
	const say = (/** @type {string} */ message) => progress(`${version} queue mode`, message);
	const emu = await emulator.startEmulator({
		apiKey: API_KEY,
		clock: { mode: 'real', speed: EMULATOR_SPEED },
		startTime: new Date().toISOString(),
	});
	for (const workflow of Object.values(WORKFLOWS)) emu.addWorkflow(/** @type {any} */ (workflow));
	say(`emulator at ${emu.baseUrl} (clock x${EMULATOR_SPEED}); starting PostgreSQL, Redis, n8n main and ${WORKERS} workers`);
	/** @type {import('../../scripts/queue/cluster.mjs').QueueCluster} */
	let cluster;
	try {
		cluster = await startQueueCluster({
			version,
			workers: WORKERS,
			concurrency: WORKER_CONCURRENCY,
			// Main looks for executions whose worker died every minute instead of every 3 hours.
			mainEnv: { N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1' },
			say,
		});
	} catch (error) {
		await emu.close();
		throw error;
	}
	const stop = async () => {
		await cluster.stop();
		await emu.close();
		say('n8n main, workers, PostgreSQL, Redis and the emulator stopped');
	};
	try {
		const n8n = cluster.main;
		return { version, emu, n8n, cluster, say, stop, ...(await exampleTools(n8n, emu)) };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * The workers whose log says they ran the execution ("Worker started execution <id> (job …)").
 * @param {QueueSession} session
 * @param {string} executionId
 * @returns {string[]} the workers' log files
 */
export function workersThatRan(session, executionId) {
	const line = `Worker started execution ${executionId} (job`;
	return session.cluster.workers.filter((worker) => worker.log().includes(line)).map((worker) => worker.logFile);
}

/**
 * enrich-companies with its Sixtyfour node changed: another emulator workflow, other parameters.
 * @param {string} name
 * @param {string} workflowId emulator workflow
 * @param {Record<string, unknown>} parameters merged into the Sixtyfour node's
 */
export function enrichVariant(name, workflowId, parameters = {}) {
	const workflow = readExample('enrich-companies');
	workflow.name = name;
	const node = workflow.nodes.find((/** @type {{ name: string }} */ n) => n.name === 'Enrich with Sixtyfour');
	node.parameters = { ...node.parameters, workflowId: { __rl: true, mode: 'id', value: workflowId }, ...parameters };
	return workflow;
}

/**
 * Webhook (production URL, answers with the last node's items) → Sixtyfour Workflow → Run with
 * the posted `companies` as records, waiting for the rows. What a CRM or form posting leads does.
 * @param {string} path the webhook's path
 * @param {string} workflowId emulator workflow
 */
export function webhookEnrichWorkflow(path, workflowId) {
	return {
		name: `Sixtyfour: enrich posted companies (${path})`,
		nodes: [
			{
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				id: randomUUID(),
				webhookId: randomUUID(),
				name: 'Companies Posted',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
			},
			{
				parameters: {
					workflowId: { __rl: true, mode: 'id', value: workflowId },
					recordsSource: 'json',
					records: '={{ $json.body.companies }}',
					waitOptions: {},
					resultOptions: {},
					runOptions: {},
				},
				id: randomUUID(),
				name: 'Enrich with Sixtyfour',
				type: 'n8n-nodes-sixtyfour.sixtyfour',
				typeVersion: 2,
				position: [220, 0],
				credentials: { sixtyfourApi: { id: 'sixtyfour-account', name: 'Sixtyfour account' } },
			},
		],
		connections: { 'Companies Posted': { main: [[{ node: 'Enrich with Sixtyfour', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Activates a workflow whose webhook takes POST at `path`, and waits until main serves it: n8n
 * answers the activation before the webhook is found, and a POST in between gets a 404. The probe
 * is a GET, which starts nothing; once the path is registered n8n names POST in its 404.
 * @param {import('../../scripts/n8n/instance.mjs').N8nInstance} n8n
 * @param {string} workflowId
 * @param {string} path
 * @returns {Promise<string>} the production URL
 */
export async function activateWebhook(n8n, workflowId, path) {
	await n8n.client.activateWorkflow(workflowId);
	const url = `${n8n.url}/webhook/${path}`;
	const deadline = Date.now() + 30_000;
	while (!(await (await fetch(url)).text()).includes('Did you mean to make a POST request')) {
		if (Date.now() > deadline) throw new Error(`n8n did not register the webhook ${url} within 30 s of activation`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return url;
}

/**
 * Posts `count` requests at once to a production webhook, each with its own companies.
 * @param {string} url
 * @param {number} count
 * @param {string} tag makes the companies unique to this burst
 * @returns {Promise<Array<{ companies: Array<Record<string, string>>, status: number, rows: any }>>}
 */
export async function postBurst(url, count, tag) {
	return await Promise.all(
		Array.from({ length: count }, async (_, index) => {
			const companies = [1, 2].map((n) => ({ company_name: `${tag} Company ${index}-${n}`, website: `${tag.toLowerCase()}-${index}-${n}.example` }));
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ companies }),
			});
			const text = await response.text();
			let rows;
			try {
				rows = JSON.parse(text);
			} catch {
				rows = text;
			}
			return { companies, status: response.status, rows };
		}),
	);
}
