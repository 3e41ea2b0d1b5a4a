// Run → Get Many, through n8n-core's
// WorkflowExecute against the emulator on a manual clock, so every answer is exact.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { errorFields, locator, outputOf, requestLines, runNode, runParameters } from '../../../../harness/kits/nodeTestKit';
import { useSeededRuns } from '../../../../harness/kits/seededRuns';

let emu: Emulator;
const { runs, api, expectRejectedBeforeRequest } = useSeededRuns((started) => (emu = started));

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
