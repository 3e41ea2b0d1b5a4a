// @ts-check
// The same workflow (examples/crm-round-trip.json, the same node ids) in two fresh n8n instances,
// each with its own user folder and encryption key, started one after the other on different CRM
// companies, against ONE emulator with ONE API key. Both executions are their instance's first, so
// execution id, node id and run index are the same: only the instance and the records tell their
// Idempotency-Keys apart. Each instance must get its own run and its own rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startN8n } from '../../scripts/n8n/instance.mjs';
import { listRuns } from './emulator-results.mjs';
import { exampleTools, readExample } from './session.mjs';

/** The companies each instance's CRM source gives: none in common. */
const CRM_OF = {
	A: [
		{ id: 'a-1', properties: { name: 'Acme Robotics', domain: 'acme-robotics.com' } },
		{ id: 'a-2', properties: { name: 'Northwind Traders', domain: 'northwind.example' } },
		{ id: 'a-3', properties: { name: 'Initech Software', domain: 'initech.io' } },
	],
	B: [
		{ id: 'b-1', properties: { name: 'Aperture Science', domain: 'aperture.example' } },
		{ id: 'b-2', properties: { name: 'Umbrella Health', domain: 'umbrella-health.com' } },
		{ id: 'b-3', properties: { name: 'Vandelay Industries', domain: 'vandelay.example' } },
		{ id: 'b-4', properties: { name: 'Globex Corporation', domain: 'globex.example' } },
	],
};

/**
 * The CRM round trip with its source node giving `companies`; nothing else changed.
 * @param {Array<Record<string, unknown>>} companies
 */
function crmRoundTrip(companies) {
	const workflow = readExample('crm-round-trip');
	const source = workflow.nodes.find((/** @type {{ name: string }} */ node) => node.name === 'CRM Companies');
	source.parameters.jsCode = `return ${JSON.stringify(companies)}.map((company) => ({ json: company }));`;
	return workflow;
}

/** @param {() => import('./session.mjs').Session} session */
export function twoInstancesTests(session) {
	test('two n8n instances, one API key, the same workflow on other companies: each its own run and its own rows', { timeout: 600_000 }, async () => {
		const { version, emu, say } = session();
		const runsBefore = await listRuns(emu);
		const startsBefore = emu.requests.length;
		/** @type {Record<string, { executionId: string, key: string | undefined, jobId: string, rows: number, updates: any[] }>} */
		const seen = {};
		for (const name of /** @type {const} */ (['A', 'B'])) {
			// Each install generates its own encryption key, and n8n's instance id derives from it.
			const n8n = await startN8n({ version, env: { N8N_ENCRYPTION_KEY: `sixtyfour-e2e-instance-${name}-not-a-secret` } });
			try {
				const { credential } = await exampleTools(n8n, emu);
				const { id } = await n8n.client.createWorkflow(crmRoundTrip(CRM_OF[name]), { credentials: { sixtyfourApi: credential } });
				const execution = await n8n.client.executeWorkflow(id);
				assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));
				const start = emu.requests.slice(startsBefore).filter((request) => request.path === '/workflows/run').pop();
				const sixtyfour = /** @type {Array<Record<string, unknown>>} */ (execution.nodes['Enrich with Sixtyfour'].outputs[0]);
				const jobIds = [...new Set(emu.requests.slice(startsBefore).filter((r) => r.path.endsWith('/live_status')).map((r) => r.path.split('/')[3]))];
				seen[name] = {
					executionId: execution.id,
					key: /** @type {string | undefined} */ (start?.headers['idempotency-key']),
					jobId: jobIds[jobIds.length - 1],
					rows: sixtyfour.filter((item) => item.sixtyfour_matched === true).length,
					updates: execution.nodes['Update CRM Company'].outputs[0],
				};
				say(
					`instance ${name} (${n8n.userFolder}): execution ${execution.id}, key ${seen[name].key}, run ${seen[name].jobId}, ` +
						`${seen[name].rows} rows matched of ${sixtyfour.length} items for ${CRM_OF[name].length} companies`,
				);
			} finally {
				await n8n.stop();
			}
		}

		const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.some((before) => before.job_id === run.job_id));
		const starts = emu.requests.slice(startsBefore).filter((request) => request.path === '/workflows/run');
		say(
			`two instances: ${newRuns.length} runs created, ${starts.length} starts sent, keys ${starts.map((r) => r.headers['idempotency-key']).join(' , ')}; ` +
				`rows per instance A ${seen.A.rows}, B ${seen.B.rows}; execution ids A ${seen.A.executionId}, B ${seen.B.executionId}`,
		);
		// What made the old key collide holds here: the same execution id in both instances.
		assert.equal(seen.A.executionId, seen.B.executionId, 'both executions are their instance\'s first');
		assert.equal(newRuns.length, 2, 'one run per instance');
		assert.notEqual(seen.A.key, seen.B.key);
		assert.notEqual(seen.A.key?.split('-')[1], seen.B.key?.split('-')[1], 'the keys name different instances');
		assert.notEqual(seen.A.jobId, seen.B.jobId);
		for (const name of /** @type {const} */ (['A', 'B'])) {
			const companies = CRM_OF[name];
			assert.deepEqual(
				emu.getRun(seen[name].jobId).records,
				companies.map((c) => ({ company_name: c.properties.name, website: c.properties.domain })),
				`instance ${name}'s run holds its own companies`,
			);
			assert.ok(seen[name].rows > 0, `instance ${name} got rows`);
			// Every CRM update is one of this instance's companies, once, with its own row or flagged.
			assert.deepEqual(seen[name].updates.map((u) => u.update_id).sort(), companies.map((c) => c.id).sort());
			for (const update of seen[name].updates) {
				if (update.enriched) assert.equal(update.row_website, update.record_domain, `${update.update_id} got its own row`);
			}
		}
	});
}
