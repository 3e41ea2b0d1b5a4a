// Run → Get Status, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { errorFields, outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useSeededRuns } from '../../../../harness/kits/seededRuns';

let emu: Emulator;
const { runs, api, expectRejectedBeforeRequest } = useSeededRuns((started) => (emu = started));

describe('Run → Get Status', () => {
	test('Simplify (default) gives overall status, progress, current block and counts', async () => {
		const result = await runNode(emu, runParameters('getStatus', { runId: runs.running }));
		// At 45 s the run queued at 30 s is 1 s into block 2 (13 s long): 0 of 3 rows done there.
		expect(outputOf(result)).toEqual([
			{
				json: {
					job_id: runs.running,
					run_id: runs.running,
					workflow_id: 'wf_lead',
					status: 'running',
					progress_percentage: 35.9,
					current_block: 'enrich_company',
					current_block_sequence: 2,
					completed_blocks: 1,
					total_blocks: 3,
					processed_count: 0,
					total_count: 3,
					started_at: '2026-02-12T09:00:31Z',
					completed_at: null,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(requestLines(emu)).toEqual([`GET /workflows/runs/${runs.running}/live_status`]);
	});

	test('a finished run simplifies to its end state', async () => {
		const result = await runNode(emu, runParameters('getStatus', { runId: runs.completed }));
		expect(outputOf(result)[0].json).toEqual({
			job_id: runs.completed,
			run_id: runs.completed,
			workflow_id: 'wf_lead',
			status: 'completed',
			progress_percentage: 100,
			current_block: 'find_email',
			current_block_sequence: 3,
			completed_blocks: 3,
			total_blocks: 3,
			processed_count: 3,
			total_count: 3,
			started_at: '2026-02-12T09:00:01Z',
			completed_at: '2026-02-12T09:00:40Z',
		});
	});

	test('Simplify off gives the full live status, every block', async () => {
		const result = await runNode(emu, runParameters('getStatus', { runId: runs.running, simplify: false }));
		const full = (await api('GET', `/workflows/runs/${runs.running}/live_status`)) as IDataObject;
		// The API's run_id stays; job_id beside it is the name every other output uses.
		expect(outputOf(result)).toEqual([{ json: { ...full, job_id: runs.running }, pairedItem: { item: 0 } }]);
		expect((full.blocks as IDataObject[]).map((block) => block.status)).toEqual(['completed', 'running', 'pending']);
	});

	test('a run ID with / ? # spaces and unicode is sent as one encoded path segment', async () => {
		const runId = 'run/../x?y=1#z ü';
		const result = await runNode(emu, runParameters('getStatus', { runId }));
		expect(requestLines(emu)).toEqual(['GET /workflows/runs/run%2F..%2Fx%3Fy%3D1%23z%20%C3%BC/live_status']);
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: `Sixtyfour has no run "${runId}"`,
			description: `Check the ID (Sixtyfour said: Workflow run '${runId}' not found). Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.`,
			httpCode: '404',
		});
	});

	// n8n itself refuses an empty required field; an expression can still come out empty.
	test.each(['', '   '])('Run ID %j from an expression is refused before any request', async (runId) => {
		const parameters = { operation: 'getStatus', runId: '={{ $json.runId }}' };
		expect(await expectRejectedBeforeRequest(parameters, [{ json: { runId } }])).toEqual({
			type: 'NodeOperationError',
			message: 'Invalid "Run ID": give the job_id of a run',
			description: null,
			httpCode: null,
		});
	});

	test.each([
		['an object', { id: 'run_1' }],
		['a list', ['run_1']],
		['a boolean', true],
	])('Run ID from an expression that gives %s is refused before any request', async (got, runId) => {
		const parameters = { operation: 'getStatus', runId: '={{ $json.runId }}' };
		expect(await expectRejectedBeforeRequest(parameters, [{ json: { runId } }])).toEqual({
			type: 'NodeOperationError',
			message: `Invalid "Run ID": must be text, got ${got}`,
			description: null,
			httpCode: null,
		});
	});

	test('Continue On Fail: a missing run becomes an error item, the others go on', async () => {
		const result = await runNode(emu, runParameters('getStatus', { runId: '={{ $json.runId }}' }), {
			inputItems: [{ json: { runId: 'run_missing' } }, { json: { runId: runs.completed } }],
			continueOnFail: true,
		});
		const items = outputOf(result);
		expect(items).toEqual([
			{ json: { error: 'Sixtyfour has no run "run_missing"' }, pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ run_id: runs.completed, status: 'completed' }), pairedItem: { item: 1 } },
		]);
	});
});
