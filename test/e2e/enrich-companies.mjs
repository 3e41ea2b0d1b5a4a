// @ts-check
// examples/enrich-companies.json: five sample companies → Workflow → Run (wait) → enriched rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, listRuns, withoutRunMetadata } from './emulator-results.mjs';

/**
 * @param {() => import('./session.mjs').Session} session
 * @param {(jobId: string) => void} onCompletedRun told of the run the example completed
 */
export function enrichCompaniesTests(session, onCompletedRun) {
	test('example "enrich companies": the enriched rows are exactly the run\'s final file', async () => {
		const { n8n, emu, say, importExample } = session();
		const workflowId = await importExample('enrich-companies');
		const runsBefore = await listRuns(emu);
		say('running "enrich companies" (5 companies, Lead Enrichment, wait for completion)');
		const execution = await n8n.client.executeWorkflow(workflowId);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));

		const companies = execution.nodes['Sample Companies'].outputs[0];
		assert.equal(companies.length, 5);
		const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.some((b) => b.job_id === run.job_id));
		assert.equal(newRuns.length, 1, 'one run for the five items');
		const [run] = newRuns;
		assert.equal(run.workflow_id, 'wf_lead_enrichment');
		assert.equal(run.status, 'completed');
		assert.deepEqual(emu.getRun(run.job_id).records, companies, 'the run got the five companies as its records');
		onCompletedRun(run.job_id);

		const items = execution.nodes['Enrich with Sixtyfour'].outputs[0];
		const rows = items.filter((item) => item.sixtyfour_matched).map(withoutRunMetadata);
		const expected = await finalRows(emu, run.job_id);
		say(`run ${run.job_id}: ${rows.length} enriched rows in n8n, ${expected.length} in the final file`);
		assert.ok(expected.length > 0 && expected.length <= 5);
		assert.deepEqual(rows, expected);
		// The companies without a row come back as they were sent, flagged (Output Records Without a Row).
		const withoutRow = companies.filter((c) => !expected.some((row) => row.website === c.website));
		assert.deepEqual(items.filter((item) => item.sixtyfour_matched === false), withoutRow.map((c) => ({ ...c, sixtyfour_matched: false })));
		for (const row of rows) {
			assert.equal(row.enrichment_status, 'enriched');
			assert.ok(companies.some((c) => c.company_name === row.company_name), `${row.company_name} was sent`);
		}
	});
}
