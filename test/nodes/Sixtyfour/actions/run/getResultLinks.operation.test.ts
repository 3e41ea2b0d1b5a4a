// Run → Get Result Links, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { LEAD_RECORDS, testCatalogue } from '../../../../emulator/test-support';
import { outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../../harness/kits/useEmulator';

let emu: Emulator;
/** The seeded runs, by what they are at the seeded instant (T0 + 45 s). */
const runs = { completed: '', failed: '', cancelled: '', running: '', queued: '' };

async function api(method: string, path: string): Promise<unknown> {
	const answer = await fetch(`${emu.baseUrl}${path}`, { method, headers: { 'x-api-key': emu.apiKey } });
	return await answer.json();
}

useEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } }, (started) => (emu = started));
beforeAll(async () => {
	// testCatalogue: 1 s queued, then 10 s + 1 s per record for each block.
	runs.completed = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id; // done at 40 s
	runs.failed = emu.startRun('wf_failing', { webhook_payload: LEAD_RECORDS }).job_id; // fails at 20.5 s
	emu.clock.advance(1000);
	runs.cancelled = emu.startRun('wf_lead', { webhook_payload: [LEAD_RECORDS[0]] }).job_id;
	emu.clock.advance(9000);
	await api('POST', `/workflows/cancel?job_id=${runs.cancelled}`);
	emu.clock.advance(20000);
	runs.running = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id; // queued at 30 s
	emu.clock.advance(15000);
	runs.queued = emu.startRun('wf_company', { webhook_payload: LEAD_RECORDS }).job_id; // queued at 45 s
});

describe('Run → Get Result Links', () => {
	test('one item per link entry, every field as the API gives it, with job_id', async () => {
		const links = (await api('GET', `/workflows/runs/${runs.completed}/results/download-links`)) as IDataObject[];
		emu.clearRequests();
		const result = await runNode(emu, runParameters('getResultLinks', { runId: runs.completed }));
		expect(requestLines(emu)).toEqual([`GET /workflows/runs/${runs.completed}/results/download-links`]);
		expect(links.map((link) => link.filename)).toEqual(['results_block_1.csv', 'results_block_2.csv', 'enriched_results_final.csv']);
		expect(outputOf(result)).toEqual(links.map((link) => ({ json: { job_id: runs.completed, ...link }, pairedItem: { item: 0 } })));
		expect(Object.keys(outputOf(result)[0].json)).toEqual(
			expect.arrayContaining(['filename', 'block_number', 'row_count', 'download_url', 'download_expires_in_seconds']),
		);
	});

	test('a run without files yet gives no items, and no wait', async () => {
		const result = await runNode(emu, runParameters('getResultLinks', { runId: runs.queued }));
		expect(outputOf(result)).toEqual([]);
		expect(requestLines(emu)).toEqual([`GET /workflows/runs/${runs.queued}/results/download-links`]);
	});
});
