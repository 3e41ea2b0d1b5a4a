// @ts-check
// examples/crm-round-trip.json: CRM companies → Workflow → Run (Mapped Fields, Match Rows to Input
// Auto) → a Code node standing in for the CRM update, keyed by $('CRM Companies').item.json.id.
// Each enriched row must reach the record it came from, and each record without a row must reach
// its own record too, flagged. One company is in the CRM twice (same name and domain, two ids):
// the twins are identical records, so they get their rows in order and matching stays on for all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalRows, listRuns, withoutRunMetadata } from './emulator-results.mjs';

/**
 * @param {() => import('./session.mjs').Session} session
 * @param {(jobId: string) => void} onCompletedRun told of the run the example completed
 */
export function crmRoundTripTests(session, onCompletedRun) {
	test('example "CRM round trip": each enriched row updates the record it came from', async () => {
		const { n8n, emu, say, importExample } = session();
		const workflowId = await importExample('crm-round-trip');
		const runsBefore = await listRuns(emu);
		say('running "CRM round trip" (7 CRM companies, one of them twice; mapped fields, rows matched back)');
		const execution = await n8n.client.executeWorkflow(workflowId);
		assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes, null, 1));

		/** @type {Array<{ id: string, properties: { name: string, domain: string } }>} */
		const companies = execution.nodes['CRM Companies'].outputs[0];
		const newRuns = (await listRuns(emu)).filter((run) => !runsBefore.some((b) => b.job_id === run.job_id));
		assert.equal(newRuns.length, 1, 'one run for the seven companies');
		const [run] = newRuns;
		onCompletedRun(run.job_id);
		assert.deepEqual(
			emu.getRun(run.job_id).records,
			companies.map((c) => ({ company_name: c.properties.name, website: c.properties.domain })),
			'the mapped fields were sent, and only they',
		);

		const rows = await finalRows(emu, run.job_id);
		const enrichedDomains = new Set(rows.map((row) => row.website));
		assert.ok(rows.length > 0 && rows.length < companies.length, `some companies come back without a row (${rows.length} rows)`);

		const sixtyfour = execution.nodes['Enrich with Sixtyfour'].outputs[0];
		assert.deepEqual(
			sixtyfour.filter((item) => item.sixtyfour_matched).map(withoutRunMetadata),
			rows,
			'the matched items are exactly the final file\'s rows',
		);

		const updates = execution.nodes['Update CRM Company'].outputs[0];
		const twins = companies.filter((c) => c.properties.domain === 'acme-robotics.com').map((c) => c.id);
		const twinUpdates = updates.filter((u) => twins.includes(u.update_id));
		say(
			`run ${run.job_id}: ${rows.length} rows for ${companies.length} companies; ${updates.length} CRM updates; ` +
				`twins ${twins.join(' and ')} updated ${twinUpdates.map((u) => `${u.update_id} (enriched: ${u.enriched})`).join(', ')}`,
		);
		assert.deepEqual(twins, ['hs-1001', 'hs-1007']);
		assert.equal(rows.filter((row) => row.website === 'acme-robotics.com').length, 2, 'both twins come back enriched');
		assert.ok(
			sixtyfour.every((item) => typeof item.sixtyfour_matched === 'boolean'),
			'every item carries sixtyfour_matched',
		);
		// Every record is updated once: by its row, or flagged as found nothing.
		assert.deepEqual(updates.map((u) => u.update_id).sort(), companies.map((c) => c.id).sort());
		for (const update of updates) {
			const record = companies.find((c) => c.id === update.update_id);
			assert.ok(record, `update for unknown id ${update.update_id}`);
			assert.equal(update.enriched, enrichedDomains.has(record.properties.domain), `${record.id} flagged right`);
			// The row's website is the record's: the row reached the record it came from.
			assert.equal(update.row_website, record.properties.domain, `${record.id} got the row of ${update.row_website}`);
			if (update.enriched) {
				const row = rows.find((r) => r.website === record.properties.domain);
				assert.equal(update.email, row?.email);
				assert.equal(update.industry, row?.industry);
			}
		}
	});
}
