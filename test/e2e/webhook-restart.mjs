// @ts-check
// The webhook trigger loses no run and fires none twice, with only the envelope Sixtyfour documents,
// across restarts of n8n. The emulator's deliveries (minimal envelopes, signed) are caught first,
// then sent to the production URL by this test, so that it decides when and how many at once:
//   - a run whose rows cannot be fetched (download-links answers 500): it fires with results_error;
//   - a run with its rows inline and one with more rows than inline, each delivered twice;
//   - 20 distinct runs with their rows inline delivered at once, last, so that nothing delivered
//     after them could save their seen events in their stead;
// then n8n is stopped with SIGTERM, started again, and every event redelivered; then the same with
// SIGKILL. Each run must have started exactly one execution, and no redelivery any.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { finalRows, withoutRunMetadata } from './emulator-results.mjs';
import { pause } from './session.mjs';
import { WEBHOOK_SECRET, activateWebhookTrigger, executionsByRun, waitUntilServed } from './webhook-trigger.mjs';

const require = createRequire(import.meta.url);
const { startWebhookReceiver } = require('../harness/webhookReceiver.js');

const TRIGGER_NODE = 'Sixtyfour Webhook Trigger';
const EMULATOR_WORKFLOW = 'wf_webhook_restart';
const BURST = 20;
/** A production URL of its own: the example's would conflict with a copy another test left active. */
const RESTART_WEBHOOK_ID = '5b7e2c10-6d4a-4f0e-9c3b-8a1d2e3f16aa';
const SETTLE_TIMEOUT_MS = 90_000;

/**
 * @typedef {import('./session.mjs').Session} Session
 * @typedef {Pick<Session, 'n8n' | 'emu' | 'say'>} RestartSession
 * @typedef {{ headers: Record<string, string>, body: Buffer }} Delivery
 * @typedef {{ status: number, body: Record<string, unknown> }} Answer
 * @typedef {{ deliveriesSent: number, executionsStarted: number, runsFired: number, duplicatesAfterRestart: number, runsLost: number }} RestartFigures
 */

/**
 * The delivery as Sixtyfour sends it again: the same bytes and event id, signed afresh (a retry's
 * signature carries the time it was sent, which the node checks against a 5-minute tolerance).
 * @param {Delivery} delivery
 * @returns {Record<string, string>}
 */
function resigned({ headers, body }) {
	const t = String(Math.floor(Date.now() / 1000));
	const v1 = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.`).update(body).digest('hex');
	return { 'content-type': 'application/json', 'sixtyfour-event-id': headers['sixtyfour-event-id'], 'sixtyfour-signature': `t=${t},v1=${v1}` };
}

/**
 * @param {string} url
 * @param {Delivery} delivery
 * @returns {Promise<Answer>}
 */
async function send(url, delivery) {
	const response = await fetch(url, { method: 'POST', headers: resigned(delivery), body: delivery.body });
	const text = await response.text();
	return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : { text } };
}

/**
 * Runs the scenario; `restart` stops n8n (main, in queue mode) with the signal and starts it again.
 * @param {RestartSession} session
 * @param {(signal: NodeJS.Signals) => Promise<void>} restart
 * @returns {Promise<RestartFigures>}
 */
export async function checkWebhookRestarts({ n8n, emu, say }, restart) {
	const active = await activateWebhookTrigger({ n8n, emu }, { rename: 'Sixtyfour: webhook deliveries across restarts', webhookId: RESTART_WEBHOOK_ID });

	/** @type {Map<string, Delivery>} run id → its delivery as caught */
	const caught = new Map();
	const catcher = await startWebhookReceiver(async (/** @type {Delivery} */ request, /** @type {(answer: object) => void} */ respond) => {
		caught.set(JSON.parse(request.body.toString()).run_id, request);
		respond({ status: 200, headers: {}, body: '' });
	});
	try {
		emu.addWorkflow({
			id: EMULATOR_WORKFLOW,
			name: 'Webhook Enrichment (restarts)',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company', 'outgoing_webhook'],
			enrichmentRate: 1,
			outgoingWebhook: { url: catcher.url, secrets: [WEBHOOK_SECRET], inlineMaxRows: 3 },
		});
		const start = (/** @type {string} */ tag, /** @type {number} */ size) =>
			emu.startRun(EMULATOR_WORKFLOW, { webhook_payload: Array.from({ length: size }, (_, i) => ({ company_name: `${tag} ${i}`, website: `${tag.replace(/ /g, '-')}-${i}.example` })) }).job_id;
		const inline = start('Inline', 2);
		const fetched = start('Fetched', 5);
		const unreadable = start('Unreadable', 5);
		const burst = Array.from({ length: BURST }, (_, i) => start(`Burst ${i}`, 1));
		const runs = [inline, fetched, unreadable, ...burst];
		const deadline = Date.now() + SETTLE_TIMEOUT_MS;
		while (caught.size < runs.length) {
			assert.ok(Date.now() < deadline, `the emulator delivered ${caught.size} of ${runs.length} runs in time`);
			await pause(250);
		}
		const deliveryOf = (/** @type {string} */ runId) => /** @type {Delivery} */ (caught.get(runId));
		/** @type {Answer[]} */
		const answers = [];
		const deliver = async (/** @type {string} */ runId) => {
			const answer = await send(active.productionUrl, deliveryOf(runId));
			answers.push(answer);
			return answer;
		};

		/** @type {Map<string, Array<Record<string, unknown>>>} execution id → its trigger items */
		const itemsByExecution = new Map();
		const readExecutions = async () => {
			for (const summary of await n8n.client.getExecutions({ workflowId: active.workflowId, limit: 100 })) {
				if (itemsByExecution.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
				const execution = await n8n.client.getExecution(summary.id);
				assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
				itemsByExecution.set(summary.id, execution.nodes[TRIGGER_NODE].outputs[0]);
			}
			return itemsByExecution.size;
		};
		const waitForExecutions = async (/** @type {number} */ count) => {
			const until = Date.now() + SETTLE_TIMEOUT_MS;
			while ((await readExecutions()) < count) {
				assert.ok(Date.now() < until, `${itemsByExecution.size} of ${count} executions in time`);
				await pause(500);
			}
		};

		emu.faults.add({ route: 'download_links', type: 'status', status: 500, times: Infinity });
		assert.deepEqual((await deliver(unreadable)).body, { received: true, fired: true });
		await waitForExecutions(1);
		emu.faults.clear();
		// Each delivered twice, one after the other: the second is a duplicate.
		for (const runId of [inline, fetched]) {
			assert.deepEqual((await deliver(runId)).body, { received: true, fired: true });
			assert.deepEqual((await deliver(runId)).body, { received: true, fired: false, duplicate: true });
		}
		await waitForExecutions(3);
		// Last before the restart, and all inline: each of these must save the seen events itself.
		const burstAnswers = await Promise.all(burst.map(deliver));
		assert.deepEqual(burstAnswers.map((answer) => answer.body), burst.map(() => ({ received: true, fired: true })));
		await waitForExecutions(3 + BURST);
		await pause(3000);
		assert.equal(await readExecutions(), runs.length, 'no execution beyond one per run');
		say(`webhook restarts: ${answers.length} deliveries (2 duplicates, ${BURST} at once), ${itemsByExecution.size} executions`);

		let duplicatesAfterRestart = 0;
		for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGKILL'])) {
			await restart(signal);
			await waitUntilServed(active.productionUrl);
			const before = itemsByExecution.size;
			const again = await Promise.all(runs.map(deliver));
			await pause(5000);
			const started = (await readExecutions()) - before;
			duplicatesAfterRestart += started;
			say(`webhook restarts: after ${signal}, ${runs.length} events redelivered at once: ${again.filter((a) => a.body.duplicate === true).length} answered duplicate, ${started} new executions`);
			assert.deepEqual(again.map((answer) => answer.body), runs.map(() => ({ received: true, fired: false, duplicate: true })));
			assert.equal(started, 0, `${signal}: redeliveries started executions`);
		}

		const byRun = executionsByRun(itemsByExecution);
		for (const runId of [inline, fetched, ...burst]) {
			assert.deepEqual(byRun.get(runId)?.map(withoutRunMetadata), await finalRows(emu, runId), `rows of ${runId}`);
		}
		const [failedRead] = byRun.get(unreadable) ?? [];
		assert.match(String(failedRead?.sixtyfour_results_error), /500/, 'the unreadable run fired with the reason');
		for (const items of byRun.values()) assert.equal(items[0].sixtyfour_finished_at_source, 'received');

		const figures = {
			deliveriesSent: answers.length,
			executionsStarted: itemsByExecution.size,
			runsFired: byRun.size,
			duplicatesAfterRestart,
			runsLost: runs.filter((runId) => !byRun.has(runId)).length,
		};
		say(
			`webhook restarts: ${figures.deliveriesSent} deliveries sent, ${figures.executionsStarted} executions started for ${runs.length} runs, ` +
				`${figures.duplicatesAfterRestart} duplicates after restart (SIGTERM, SIGKILL), ${figures.runsLost} runs lost`,
		);
		await n8n.client.deactivateWorkflow(active.workflowId);
		return figures;
	} finally {
		await catcher.close();
	}
}

/** @param {() => Session} session */
export function webhookRestartTests(session) {
	test('Sixtyfour Webhook Trigger: minimal envelopes, duplicates, 20 at once, an unreadable result, then SIGTERM and SIGKILL restarts: each run fired once, no redelivery fires again', { timeout: 600_000 }, async () => {
		const parts = session();
		await checkWebhookRestarts(parts, (signal) => parts.n8n.restart(signal));
	});
}
