// @ts-check
// The Sixtyfour Webhook Trigger's Test URL, as its trigger panel tells a user to use it: "Listen
// for test event" in the editor (n8n registers the test webhook), then a Sixtyfour run whose
// outgoing_webhook block points at the Test URL delivers, and that one delivery runs the workflow
// in the editor's (manual) mode with the run's rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, withoutRunMetadata } from './emulator-results.mjs';
import { pause, readExample } from './session.mjs';
import { WEBHOOK_SECRET } from './webhook-trigger.mjs';

const TRIGGER_NODE = 'Sixtyfour Webhook Trigger';
const WEBHOOK_ID = '5b7e2c10-6d4a-4f0e-9c3b-8a1d2e3f00bb';
const SETTLE_TIMEOUT_MS = 60_000;

/** @param {() => import('./session.mjs').Session} session */
export function webhookTestUrlTests(session) {
	test('Sixtyfour Webhook Trigger, "Listen for test event": a delivery to the Test URL runs the workflow once, with the run\'s rows', async () => {
		const { n8n, emu, say } = session();
		// The panel the editor shows beside "Listen for test event", as n8n serves the node's description.
		const types = await n8n.client.fetchStatic('/types/nodes.json');
		const panel = types.find((/** @type {{ name: string }} */ t) => t.name === 'n8n-nodes-sixtyfour.sixtyfourWebhookTrigger')?.triggerPanel;
		assert.match(panel?.executionsHelp?.inactive ?? '', /Use the test URL while you build your workflow.*Use the production URL to run your workflow automatically/);
		assert.match(panel?.activationHint ?? '', /production URL/);
		const credential = await n8n.client.createCredential({
			name: 'Sixtyfour account (webhook test URL)',
			data: { apiKey: emu.apiKey, baseUrl: emu.baseUrl, webhookSigningSecret: WEBHOOK_SECRET },
		});
		const example = readExample('webhook-trigger-rows');
		example.name = 'Sixtyfour webhook, listening for a test event';
		example.nodes = example.nodes.map((/** @type {Record<string, unknown>} */ node) =>
			node.name === TRIGGER_NODE ? { ...node, webhookId: WEBHOOK_ID } : node,
		);
		const { id } = await n8n.client.createWorkflow(example, { credentials: { sixtyfourApi: credential } });

		// The editor's "Listen for test event": run from the trigger, which waits for its test webhook.
		const workflowData = await n8n.client.getWorkflow(id);
		const listening = await n8n.client.request('POST', `/workflows/${id}/run`, {
			workflowData,
			triggerToStartFrom: { name: TRIGGER_NODE },
		});
		assert.deepEqual(listening, { waitingForWebhook: true });
		const testUrl = `${n8n.url}/webhook-test/${WEBHOOK_ID}/webhook`;
		say(`listening for a test event at ${testUrl}`);

		emu.addWorkflow({
			id: 'wf_webhook_test_url',
			name: 'Webhook Test URL',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company', 'outgoing_webhook'],
			enrichmentRate: 1,
			outgoingWebhook: { url: testUrl, secrets: [WEBHOOK_SECRET], inlineMaxRows: 10, retryDelaysMs: [1000] },
		});
		const records = [
			{ company_name: 'Test Event One', website: 'test-event-one.example' },
			{ company_name: 'Test Event Two', website: 'test-event-two.example' },
		];
		const jobId = emu.startRun('wf_webhook_test_url', { webhook_payload: records }).job_id;

		const deadline = Date.now() + SETTLE_TIMEOUT_MS;
		/** @type {Array<{ id: string, status: string, mode: string }>} */
		let finished = [];
		while (finished.length === 0) {
			assert.ok(Date.now() < deadline, `no execution after the delivery: ${JSON.stringify(emu.webhookLog.filter((a) => a.runId === jobId))}`);
			await pause(500);
			finished = (await n8n.client.getExecutions({ workflowId: id })).filter((e) => ['success', 'error', 'crashed'].includes(e.status));
		}
		await pause(2000);
		const executions = await n8n.client.getExecutions({ workflowId: id });
		assert.equal(executions.length, 1, JSON.stringify(executions));
		const execution = await n8n.client.getExecution(executions[0].id);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
		assert.equal(execution.mode, 'manual');
		const items = execution.nodes[TRIGGER_NODE].outputs[0];
		assert.deepEqual(items.map(withoutRunMetadata), await finalRows(emu, jobId));
		assert.deepEqual(emu.webhookLog.filter((attempt) => attempt.runId === jobId).map((attempt) => attempt.status), [200]);
		say(`the test delivery of ${jobId} ran the workflow once in the editor's mode, with its ${items.length} rows`);
	});
}
