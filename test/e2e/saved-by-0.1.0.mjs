// @ts-check
// test/e2e/fixtures/saved-by-0.1.0.json: a workflow as 0.1.0's editor saved it (node version 1,
// 0.1.0's parameter names, and only what differed from 0.1.0's defaults) opens and runs in this
// package as it did: Selected Fields and Records per Run, Records (JSON) left at 0.1.0's sample
// record (never saved, so only the version-1 default can supply it), and Run → Get Status saved
// without its operation (the resource's default). Rows come out as 0.1.0 gave them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../scripts/n8n/install.mjs';
import { finalRows, listRuns, waitUntilFinished } from './emulator-results.mjs';

const NODE_TYPE = 'n8n-nodes-sixtyfour.sixtyfour';

/** @param {() => import('./session.mjs').Session} session */
export function savedBy010Tests(session) {
	test('a workflow saved by 0.1.0 (node version 1) opens and runs as it did', async () => {
		const { n8n, emu, say, credential } = session();
		const saved = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'saved-by-0.1.0.json'), 'utf8'));

		// Opens: n8n knows version 1 of the node, and keeps the parameters as saved.
		const types = await n8n.client.fetchStatic('/types/nodes.json');
		const versions = types.filter((/** @type {{ name: string }} */ type) => type.name === NODE_TYPE).flatMap((/** @type {{ version: number | number[] }} */ type) => [type.version].flat());
		assert.deepEqual(versions.sort(), [1, 2]);
		const { id } = await n8n.client.createWorkflow(saved, { credentials: { sixtyfourApi: credential } });
		const stored = await n8n.client.getWorkflow(id);
		for (const node of saved.nodes.filter((/** @type {{ type: string }} */ node) => node.type === NODE_TYPE)) {
			const found = stored.nodes.find((/** @type {{ name: string }} */ other) => other.name === node.name);
			assert.deepEqual({ typeVersion: found.typeVersion, parameters: found.parameters }, { typeVersion: 1, parameters: node.parameters }, node.name);
		}

		const runsBefore = await listRuns(emu);
		say('running the workflow saved by 0.1.0 (5 companies in runs of 3, the sample record, its status)');
		const execution = await n8n.client.executeWorkflow(id);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
		const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.some((before) => before.job_id === run.job_id));
		assert.equal(newRuns.length, 3, 'two runs of the companies, one of the sample record');

		// Records (JSON) at 0.1.0's default: the sample record, started without waiting.
		const [started, ...moreStarted] = execution.nodes['Start with the Sample Record'].outputs[0];
		assert.equal(moreStarted.length, 0);
		const sampleJobId = String(started.job_id);
		assert.deepEqual({ ...started, job_id: '' }, { job_id: '', workflow_id: 'wf_lead_enrichment', status: 'queued', records_sent: 1, already_started: false });
		assert.deepEqual(emu.getRun(sampleJobId).records, [{ company_name: 'Acme Corp', website: 'acme.com' }]);
		const [status, ...moreStatus] = execution.nodes['Get Its Status'].outputs[0];
		assert.equal(moreStatus.length, 0);
		assert.deepEqual([status.job_id, status.run_id], [sampleJobId, sampleJobId]);
		assert.ok(['queued', 'running', 'completed'].includes(String(status.status)), `status ${status.status}`);

		// Selected Fields and Records per Run: two runs, 3 and 2 companies, only the fields named.
		const sent = execution.nodes.Companies.outputs[0].map(({ company_name, website }) => ({ company_name, website }));
		const companyRuns = newRuns
			.filter((run) => run.job_id !== sampleJobId)
			.map((run) => ({ jobId: run.job_id, records: emu.getRun(run.job_id).records }))
			.sort((a, b) => sent.findIndex((r) => r.website === a.records[0].website) - sent.findIndex((r) => r.website === b.records[0].website));
		assert.deepEqual(companyRuns.map((run) => run.records), [sent.slice(0, 3), sent.slice(3)]);

		// Rows as 0.1.0 gave them: each run's final file in order, nothing added, no item for a
		// company that came back without a row.
		const expected = [];
		for (const run of companyRuns) expected.push(...(await finalRows(emu, run.jobId)));
		const items = execution.nodes['Enrich in Runs of 3'].outputs[0];
		say(`${items.length} rows in n8n, ${expected.length} in the two final files, ${sent.length - expected.length} companies without a row`);
		// The emulator finds nothing for Aperture Science and Vandelay Industries (as in crm-round-trip).
		assert.equal(expected.length, sent.length - 2);
		assert.deepEqual(items, expected);

		// Nothing of this test is left running for the tests after it.
		assert.equal(await waitUntilFinished(emu, sampleJobId), 'completed');
	});
}
