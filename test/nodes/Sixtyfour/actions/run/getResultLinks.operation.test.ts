// Run → Get Result Links, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useSeededRuns } from '../../../../harness/kits/seededRuns';

let emu: Emulator;
const { runs, api } = useSeededRuns((started) => (emu = started));

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
