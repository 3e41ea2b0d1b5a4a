// Run → Get Many, Get Status and Cancel, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../../emulator';
import { LEAD_RECORDS, testCatalogue } from '../../../../emulator/test-support';
import { errorFields, locator, outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';

let emu: Emulator;
/** The seeded runs, by what they are at the seeded instant (T0 + 45 s). */
const runs = { completed: '', failed: '', cancelled: '', running: '', queued: '' };

async function api(method: string, path: string): Promise<unknown> {
	const answer = await fetch(`${emu.baseUrl}${path}`, { method, headers: { 'x-api-key': emu.apiKey } });
	return await answer.json();
}

/** Runs the node and expects it to fail before sending anything. */
async function expectRejectedBeforeRequest(parameters: INodeParameters, inputItems?: INodeExecutionData[]) {
	emu.clearRequests();
	const result = await runNode(emu, runParameters(String(parameters.operation), parameters), { inputItems });
	expect(emu.requests).toEqual([]);
	return errorFields(result);
}

beforeAll(async () => {
	emu = await startEmulator({ catalogue: testCatalogue(), clock: { mode: 'manual' } });
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
afterAll(async () => await emu.close());
beforeEach(() => emu.clearRequests());

describe('Run → Get Many', () => {
	const newestFirst = () => [runs.queued, runs.running, runs.cancelled, runs.failed, runs.completed];

	async function listed(parameters: INodeParameters) {
		const result = await runNode(emu, runParameters('getMany', parameters));
		return outputOf(result);
	}

	/** The items the node should give for an API query: every run as the API lists it, paired to item 0. */
	async function expectedItems(query: string): Promise<INodeExecutionData[]> {
		const answer = (await api('GET', `/workflows/runs?${query}`)) as IDataObject[];
		return answer.map((run) => ({ json: run, pairedItem: { item: 0 } }));
	}

	test.each([
		['', 'all runs, failed ones too', () => newestFirst()],
		['active', 'queued and running runs', () => [runs.queued, runs.running]],
		['running', 'running runs', () => [runs.running]],
		['completed', 'completed runs', () => [runs.completed]],
		['cancelled', 'cancelled runs', () => [runs.cancelled]],
	])('status filter "%s" lists %s, every field as the API gives it', async (status, _what, ids) => {
		const items = await listed({ returnAll: true, filters: status ? { status } : {} });
		expect(items.map((item) => item.json.job_id)).toEqual(ids());
		expect(requestLines(emu)).toEqual([`GET /workflows/runs?limit=500${status ? `&status=${status}` : ''}`]);
		expect(items).toEqual(await expectedItems(`limit=500${status ? `&status=${status}` : ''}`));
	});

	test('a failed run is listed with its error message and status reason', async () => {
		const items = await listed({ returnAll: true });
		expect(items.find((item) => item.json.job_id === runs.failed)?.json).toMatchObject({
			status: 'failed',
			step: 'failed',
			error_message: 'Upstream provider timed out',
			status_reason: 'block_error',
		});
	});

	test.each([
		['By ID', locator('id', 'wf_lead')],
		['From List', locator('list', 'wf_lead')],
	])('workflow filter %s lists only that workflow\'s runs', async (_mode, workflowId) => {
		const items = await listed({ returnAll: true, filters: { workflowId } });
		expect(items.map((item) => item.json.job_id)).toEqual([runs.running, runs.cancelled, runs.completed]);
		expect(requestLines(emu)).toEqual(['GET /workflows/runs?limit=500&workflow_id=wf_lead']);
	});

	test('status and workflow filters combine', async () => {
		const items = await listed({ limit: 10, filters: { status: 'active', workflowId: locator('id', 'wf_lead') } });
		expect(items.map((item) => item.json.job_id)).toEqual([runs.running]);
		expect(requestLines(emu)).toEqual(['GET /workflows/runs?limit=10&status=active&workflow_id=wf_lead']);
	});

	test('Limit returns the most recently queued runs', async () => {
		const items = await listed({ limit: 2 });
		expect(items).toEqual(await expectedItems('limit=2'));
		expect(items.map((item) => item.json.job_id)).toEqual(newestFirst().slice(0, 2));
		expect(requestLines(emu).slice(0, 1)).toEqual(['GET /workflows/runs?limit=2']);
	});

	test('the default Limit is 50', async () => {
		await listed({});
		expect(requestLines(emu)).toEqual(['GET /workflows/runs?limit=50']);
	});

	test('each input item gets its own list, paired to it', async () => {
		const result = await runNode(emu, runParameters('getMany', { limit: 1 }), {
			inputItems: [{ json: {} }, { json: {} }],
		});
		expect(outputOf(result)).toEqual([
			{ json: expect.objectContaining({ job_id: runs.queued }), pairedItem: { item: 0 } },
			{ json: expect.objectContaining({ job_id: runs.queued }), pairedItem: { item: 1 } },
		]);
	});

	test('an unknown workflow is a 404 naming it', async () => {
		const result = await runNode(emu, runParameters('getMany', { filters: { workflowId: locator('id', 'wf_nope') } }));
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: 'Sixtyfour has no workflow "wf_nope"',
			description:
				"Check the ID (Sixtyfour said: Workflow 'wf_nope' not found). Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.",
			httpCode: '404',
		});
	});

	test('entries without a status: listed with status null, and never counted by the Queued or Failed filter', async () => {
		emu.faults.add({ route: 'runs', type: 'omitFields', fields: ['status'], times: Infinity });
		try {
			const all = await listed({ returnAll: true });
			expect(all.map((item) => [item.json.job_id, item.json.status])).toEqual(newestFirst().map((id) => [id, null]));
			expect(await listed({ limit: 50, filters: { status: 'queued' } })).toEqual([]);
			expect(await listed({ limit: 50, filters: { status: 'failed' } })).toEqual([]);
		} finally {
			emu.faults.clear();
		}
	});

	test.each([
		['failed', '', () => [runs.failed]],
		['queued', '&status=active', () => [runs.queued]],
	])('status filter "%s" is applied to the page the API returns (it has no such filter)', async (status, query, ids) => {
		const items = await listed({ limit: 50, filters: { status } });
		expect(requestLines(emu)).toEqual([`GET /workflows/runs?limit=50${query}`]);
		expect(items.map((item) => item.json.job_id)).toEqual(ids());
		const page = (await expectedItems(`limit=50${query}`)).filter((item) => item.json.status === status);
		expect(items).toEqual(page);
	});

	test.each([0, 501, 2.5])('Limit %s is refused before any request', async (limit) => {
		expect(await expectRejectedBeforeRequest({ operation: 'getMany', limit })).toEqual({
			type: 'NodeOperationError',
			message: `Invalid "Limit": must be a whole number from 1 to 500, got ${limit}`,
			description: null,
			httpCode: null,
		});
	});
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

describe('Run → Cancel', () => {
	test('a running run is cancelled', async () => {
		const runId = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id;
		emu.clock.advance(5000);
		const result = await runNode(emu, runParameters('cancel', { runId }));
		expect(outputOf(result)).toEqual([
			{ json: { job_id: runId, status: 'cancelled', status_before: 'running', cancelled: true }, pairedItem: { item: 0 } },
		]);
		expect(requestLines(emu)).toEqual([`GET /workflows/runs/${runId}/live_status`, `POST /workflows/cancel?job_id=${runId}`]);
		expect(emu.getRun(runId)?.listEntry.status).toBe('cancelled');
	});

	test.each([
		['completed', () => runs.completed],
		['failed', () => runs.failed],
		['cancelled', () => runs.cancelled],
	])('a %s run keeps its status, which is reported and is no error; cancelled: false, as this request cancelled nothing', async (status, runId) => {
		const result = await runNode(emu, runParameters('cancel', { runId: runId() }));
		expect(outputOf(result)).toEqual([
			{ json: { job_id: runId(), status, status_before: status, cancelled: false }, pairedItem: { item: 0 } },
		]);
		expect(emu.getRun(runId())?.listEntry.status).toBe(status);
	});

	test('an unknown run is a 404 naming it', async () => {
		const result = await runNode(emu, runParameters('cancel', { runId: 'run_nope' }));
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: 'Sixtyfour has no run "run_nope"',
			description:
				"Check the ID (Sixtyfour said: Workflow run 'run_nope' not found). Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.",
			httpCode: '404',
		});
	});

	test('an empty Run ID is refused before any request', async () => {
		const parameters = { operation: 'cancel', runId: '={{ $json.runId }}' };
		expect((await expectRejectedBeforeRequest(parameters, [{ json: { runId: '' } }])).message).toBe(
			'Invalid "Run ID": give the job_id of a run',
		);
	});
});

describe('Run → Get Many beyond the 500-run window', () => {
	test('Return All gives the 500 most recently queued runs, Limit 500 the same', async () => {
		emu.addWorkflow({ id: 'wf_busy', name: 'Busy', source: 'webhook', blocks: ['webhook', 'enrich_company'] });
		const ids: string[] = [];
		for (let i = 0; i < 502; i++) {
			ids.unshift(emu.startRun('wf_busy', { webhook_payload: { n: i } }).job_id);
			emu.clock.advance(1);
		}
		const filters = { workflowId: locator('id', 'wf_busy') };
		const all = outputOf(await runNode(emu, runParameters('getMany', { returnAll: true, filters })));
		expect(all.map((item) => item.json.job_id)).toEqual(ids.slice(0, 500));
		const limited = outputOf(await runNode(emu, runParameters('getMany', { limit: 500, filters })));
		expect(limited).toEqual(all);
	});
});
