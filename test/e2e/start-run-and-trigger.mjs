// @ts-check
// examples/start-run.json starts a run without waiting; examples/process-finished-runs.json picks
// its rows up with the Sixtyfour Trigger: "Fetch Test Event" (manual mode) here, the activated
// trigger in activated-trigger.mjs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, waitUntilFinished, withoutRunMetadata } from './emulator-results.mjs';

/**
 * @param {() => import('./session.mjs').Session} session
 * @param {(jobId: string) => void} onCompletedRun told of the run the example started, once completed
 */
export function startRunAndTriggerTests(session, onCompletedRun) {
	/** @type {string | undefined} */
	let startedJobId;

	test('example "start a run": starts one run with the three leads and does not wait', async () => {
		const { n8n, emu, say, importExample } = session();
		const workflowId = await importExample('start-run');
		say('running "start a run" (3 leads, Wait for Completion off)');
		const execution = await n8n.client.executeWorkflow(workflowId);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
		const leads = execution.nodes['Sample Leads'].outputs[0];
		const [started, ...more] = execution.nodes['Start Sixtyfour Run'].outputs[0];
		assert.equal(more.length, 0);
		assert.deepEqual({ ...started, job_id: '' }, {
			job_id: '',
			workflow_id: 'wf_lead_enrichment',
			status: 'queued',
			records_sent: 3,
			already_started: false,
		});
		const jobId = String(started.job_id);
		assert.match(jobId, /^run_[0-9a-f]{12}$/);
		assert.deepEqual(emu.getRun(jobId).records, leads);
		startedJobId = jobId;
		say(`run ${jobId} started; waiting for it to complete at the emulator`);
		assert.equal(await waitUntilFinished(emu, jobId), 'completed');
		onCompletedRun(jobId);
	});

	test('Sixtyfour Trigger, "Fetch Test Event": the most recent completed run, one item per row', async () => {
		const { n8n, emu, say, importExample } = session();
		assert.ok(startedJobId, 'needs the run of the previous test');
		const workflowId = await importExample('process-finished-runs', { rename: 'Sixtyfour: process finished runs (manual)' });
		say('fetching the trigger\'s test event');
		const execution = await n8n.client.executeWorkflow(workflowId, { triggerNode: 'Sixtyfour Trigger' });
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
		const items = execution.nodes['Sixtyfour Trigger'].outputs[0];
		const expected = await finalRows(emu, startedJobId);
		say(`test event: ${items.length} items, run ${items[0]?.sixtyfour_job_id}; the final file has ${expected.length} rows`);
		assert.ok(expected.length > 0);
		assert.deepEqual(items.map(withoutRunMetadata), expected);
		for (const item of items) {
			assert.equal(item.sixtyfour_job_id, startedJobId);
			assert.equal(item.sixtyfour_workflow_id, 'wf_lead_enrichment');
			assert.equal(item.sixtyfour_workflow_name, 'Lead Enrichment');
			assert.equal(item.sixtyfour_status, 'completed');
			assert.equal(item.sixtyfour_filename, 'enriched_results_final.csv');
		}
		assert.deepEqual(execution.nodes['Process Rows'].outputs[0], items);
	});
}
