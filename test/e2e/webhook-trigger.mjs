// @ts-check
// examples/webhook-trigger-rows.json activated inside real n8n: the emulator's outgoing_webhook
// block POSTs each completed run to the workflow's production webhook URL. Every run must start the
// workflow exactly once with its rows: one delivered plainly (rows inline), one delivered twice,
// one whose rows are cut short inline (fetched after n8n answered), and one forged delivery that
// must start nothing. The helpers take the session's parts explicitly so that another n8n set-up
// (queue mode) can run the same scenario: activateWebhookExample, startWebhookRuns, checkWebhookRuns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, withoutRunMetadata } from './emulator-results.mjs';
import { pause, readExample } from './session.mjs';

export const WEBHOOK_SECRET = `sk_whsec_${'e2e0'.repeat(16)}`;
const EXAMPLE = 'webhook-trigger-rows';
const TRIGGER_NODE = 'Sixtyfour Webhook Trigger';
const EMULATOR_WORKFLOW = 'wf_webhook_e2e';
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * @typedef {import('./session.mjs').Emulator} Emulator
 * @typedef {import('./session.mjs').Session} Session
 * @typedef {Pick<Session, 'n8n' | 'emu' | 'say'>} WebhookSession
 * @typedef {{ workflowId: string, productionUrl: string }} ActiveWebhook
 * @typedef {{ plain: string, duplicated: string, cutShort: string, forged: string }} WebhookRuns
 * @typedef {{ deliveriesSent: number, duplicates: number, forgeries: number, executionsStarted: number, runsFired: number }} WebhookFigures
 */

/**
 * Saves the example with a credential holding the signing secret, activates it, and points an
 * emulator workflow that ends in an outgoing_webhook block at its production URL.
 * @param {WebhookSession} session
 * @returns {Promise<ActiveWebhook>}
 */
export async function activateWebhookExample({ n8n, emu }) {
	const { workflowId, productionUrl } = await activateWebhookTrigger({ n8n, emu });
	emu.addWorkflow({
		id: EMULATOR_WORKFLOW,
		name: 'Webhook Enrichment',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company', 'outgoing_webhook'],
		enrichmentRate: 1,
		// Emulated ms; a forged delivery runs through its five attempts in well under a second of wall time.
		outgoingWebhook: { url: productionUrl, secrets: [WEBHOOK_SECRET], inlineMaxRows: 3, retryDelaysMs: [1000, 2000, 4000, 8000] },
	});
	return { workflowId, productionUrl };
}

/**
 * Saves the example with a credential holding the signing secret, activates it, and waits until
 * n8n serves its production URL. `webhookId` gives this copy a URL of its own, so that it cannot
 * conflict with another copy left active.
 * @param {Pick<Session, 'n8n' | 'emu'>} session
 * @param {{ rename?: string, webhookId?: string }} [options]
 * @returns {Promise<ActiveWebhook>}
 */
export async function activateWebhookTrigger({ n8n, emu }, { rename, webhookId } = {}) {
	const credential = await n8n.client.createCredential({
		name: 'Sixtyfour account (webhook)',
		data: { apiKey: emu.apiKey, baseUrl: emu.baseUrl, webhookSigningSecret: WEBHOOK_SECRET },
	});
	const workflow = readExample(EXAMPLE);
	if (rename) workflow.name = rename;
	const node = workflow.nodes.find((/** @type {{ name: string }} */ n) => n.name === TRIGGER_NODE);
	if (webhookId) node.webhookId = webhookId;
	const { id: workflowId } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
	await n8n.client.activateWorkflow(workflowId);
	const productionUrl = `${n8n.url}/webhook/${node.webhookId}/webhook`;
	await waitUntilServed(productionUrl);
	return { workflowId, productionUrl };
}

/**
 * Waits until n8n serves a production URL of the trigger: a POST without a signature is refused
 * with 401 by the node, while a 404 means n8n has not registered the webhook yet (it answers the
 * activation before that, and in queue mode main may take a while).
 * @param {string} url
 */
export async function waitUntilServed(url) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const status = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, () => 0);
		if (status === 401) return;
		assert.ok(Date.now() < deadline, `n8n did not serve ${url} within 60 s (last status ${status})`);
		await pause(500);
	}
}

/**
 * Starts the scenario's four runs; the emulator (real clock) delivers each as it completes.
 * @param {Emulator} emu
 * @returns {WebhookRuns}
 */
export function startWebhookRuns(emu) {
	const start = (/** @type {string} */ tag, /** @type {number} */ size) =>
		emu.startRun(EMULATOR_WORKFLOW, { webhook_payload: Array.from({ length: size }, (_, i) => ({ company_name: `${tag} ${i}`, website: `${tag}-${i}.example` })) }).job_id;
	const runs = { plain: start('Plain', 2), duplicated: start('Twice', 2), cutShort: start('Long', 6), forged: start('Forged', 1) };
	emu.setDelivery(runs.duplicated, { copies: 2 });
	emu.setDelivery(runs.forged, { signature: 'bad' });
	return runs;
}

/**
 * Waits until every delivery of the runs is settled, then checks that each genuine run started
 * exactly one execution with its rows and the forged one none, and returns the figures.
 * @param {WebhookSession} session
 * @param {ActiveWebhook} active
 * @param {WebhookRuns} runs
 * @returns {Promise<WebhookFigures>}
 */
export async function checkWebhookRuns({ n8n, emu, say }, active, runs) {
	const ids = new Set(Object.values(runs));
	const ours = () => emu.webhookDeliveries().filter((d) => ids.has(d.runId));
	const genuine = [runs.plain, runs.duplicated, runs.cutShort];
	/** @type {Map<string, Array<Record<string, unknown>>>} */
	const itemsByExecution = new Map();
	const readNewExecutions = async () => {
		for (const summary of await n8n.client.getExecutions({ workflowId: active.workflowId })) {
			if (itemsByExecution.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
			const execution = await n8n.client.getExecution(summary.id);
			assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
			assert.equal(execution.mode, 'webhook');
			const items = execution.nodes[TRIGGER_NODE].outputs[0];
			assert.deepEqual(execution.nodes['Process Rows'].outputs[0], items);
			itemsByExecution.set(summary.id, items);
		}
	};
	const deadline = Date.now() + SETTLE_TIMEOUT_MS;
	while (ours().length < ids.size || ours().some((d) => d.state === 'pending') || itemsByExecution.size < genuine.length) {
		assert.ok(Date.now() < deadline, `not settled in time: ${JSON.stringify(ours())}, ${itemsByExecution.size} executions`);
		await pause(500);
		await readNewExecutions();
	}
	// A duplicate execution would show up now, if at all.
	await pause(3000);
	await readNewExecutions();

	const log = emu.webhookLog.filter((attempt) => ids.has(attempt.runId));
	const forgedAttempts = log.filter((attempt) => attempt.runId === runs.forged);
	assert.ok(forgedAttempts.length > 1 && forgedAttempts.every((attempt) => attempt.status === 401), JSON.stringify(forgedAttempts.map((a) => a.status)));
	assert.deepEqual(log.filter((attempt) => attempt.runId !== runs.forged).map((attempt) => attempt.status), [200, 200, 200, 200]);

	const byRun = executionsByRun(itemsByExecution);
	assert.deepEqual([...byRun.keys()].sort(), [...genuine].sort());
	for (const runId of genuine) assert.deepEqual(byRun.get(runId).map(withoutRunMetadata), await finalRows(emu, runId), `rows of ${runId}`);

	const figures = {
		deliveriesSent: log.length,
		duplicates: log.filter((attempt) => attempt.copy > 1).length,
		forgeries: forgedAttempts.length,
		executionsStarted: itemsByExecution.size,
		runsFired: byRun.size,
	};
	say(`webhook trigger: ${figures.deliveriesSent} deliveries sent (${figures.duplicates} duplicate, ${figures.forgeries} forged), ${figures.executionsStarted} executions started for ${figures.runsFired} runs, each once with its rows`);
	return figures;
}

/** @param {() => Session} session */
export function webhookTriggerTests(session) {
	test('Sixtyfour Webhook Trigger activated: each delivered run fires once with its rows; a duplicate and a forgery start nothing', async () => {
		const parts = session();
		const active = await activateWebhookExample(parts);
		parts.say(`"${EXAMPLE}" active; the emulator delivers to ${active.productionUrl}`);
		await checkWebhookRuns(parts, active, startWebhookRuns(parts.emu));
		await parts.n8n.client.deactivateWorkflow(active.workflowId);
	});
}

/**
 * Each run's items, from the items of each execution: fails when an execution mixes runs or a run
 * started two executions.
 * @param {Map<string, Array<Record<string, unknown>>>} itemsByExecution
 * @returns {Map<string, Array<Record<string, unknown>>>}
 */
export function executionsByRun(itemsByExecution) {
	const byRun = new Map();
	for (const [executionId, items] of itemsByExecution) {
		const runIds = [...new Set(items.map((item) => String(item.sixtyfour_job_id)))];
		assert.equal(runIds.length, 1, `execution ${executionId} mixes runs ${runIds.join(', ')}`);
		assert.ok(!byRun.has(runIds[0]), `run ${runIds[0]} started two executions`);
		byRun.set(runIds[0], items);
	}
	return byRun;
}
