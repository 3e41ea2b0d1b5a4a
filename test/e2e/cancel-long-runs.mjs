// @ts-check
// examples/cancel-long-runs.json: active runs → those going for more than 30 minutes (by n8n's
// clock) → cancelled. Its filter compares n8n's wall clock with the API's timestamps, which a
// sped-up emulated clock cannot place reliably; so this example gets its own emulator with a
// manual clock set in the past, where the runs' ages are exact.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import emulator from '../emulator/index.js';
import { API_KEY } from './session.mjs';

const MINUTE = 60_000;
/** @type {import('../emulator/catalogue.js').WorkflowDefinition} */
const SLOW_WORKFLOW = {
	id: 'wf_slow_enrichment',
	name: 'Slow Enrichment',
	source: 'webhook',
	blocks: ['webhook', 'enrich_company'],
	// Runs that stay running for days, started a second after they are queued.
	timing: { queueMs: 1000, blockBaseMs: 24 * 60 * MINUTE, perRowMs: 0 },
};

/** @param {() => import('./session.mjs').Session} session */
export function cancelLongRunsTests(session) {
	/** @type {Awaited<ReturnType<typeof emulator.startEmulator>> | undefined} */
	let slowEmu;
	after(async () => await slowEmu?.close());

	test('example "cancel long runs": cancels the run going for an hour, keeps the 10-minute one', async () => {
		const { n8n, say, importExample } = session();
		slowEmu = await emulator.startEmulator({
			apiKey: API_KEY,
			clock: { mode: 'manual' },
			startTime: new Date(Date.now() - 60 * MINUTE).toISOString(),
		});
		slowEmu.addWorkflow(SLOW_WORKFLOW);
		const old = slowEmu.startRun(SLOW_WORKFLOW.id, { webhook_payload: [{ company_name: 'Started an hour ago' }] }).job_id;
		slowEmu.clock.advance(50 * MINUTE);
		const recent = slowEmu.startRun(SLOW_WORKFLOW.id, { webhook_payload: [{ company_name: 'Started 10 minutes ago' }] }).job_id;
		slowEmu.clock.advance(5000);
		// A finished run is not active and is left alone.
		const done = slowEmu.startRun('wf_company_enrichment', { webhook_payload: [{ company_name: 'Done' }] }).job_id;
		slowEmu.clock.advance(5 * MINUTE);
		assert.equal(slowEmu.getRun(done).listEntry.status, 'completed');

		const credential = await n8n.client.createCredential({
			name: 'Sixtyfour (slow runs)',
			data: { apiKey: API_KEY, baseUrl: slowEmu.baseUrl },
		});
		const workflowId = await importExample('cancel-long-runs', { credential });
		say(`running "cancel long runs": ${old} (60 min), ${recent} (10 min), ${done} (completed)`);
		const execution = await n8n.client.executeWorkflow(workflowId);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));

		const active = execution.nodes['Active Runs'].outputs[0];
		assert.deepEqual(active.map((r) => [r.job_id, r.status]), [[recent, 'running'], [old, 'running']]);
		assert.deepEqual(execution.nodes['Running Too Long'].outputs[0].map((r) => r.job_id), [old]);
		assert.deepEqual(execution.nodes['Cancel Run'].outputs[0], [{ job_id: old, status: 'cancelled', status_before: 'running', cancelled: true }]);

		assert.equal(slowEmu.getRun(old).listEntry.status, 'cancelled');
		assert.equal(slowEmu.getRun(recent).listEntry.status, 'running');
		assert.equal(slowEmu.getRun(done).listEntry.status, 'completed');
		const cancels = slowEmu.requests.filter((r) => r.path.startsWith('/workflows/cancel'));
		assert.deepEqual(cancels.map((r) => [r.method, r.query.job_id, r.status]), [['POST', old, 200]]);
		say(`cancelled ${old}; ${recent} still running`);
	});
}
