// The status check shared by every run waited on through one credential in one process
// (nodes/Sixtyfour/helpers/sharedStatusCheck.ts), through n8n-core's WorkflowExecute against the
// emulator on a real clock at 2000× (one wall millisecond is two emulated seconds).
import Papa from 'papaparse';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Sixtyfour } from '../../../../nodes/Sixtyfour/Sixtyfour.node';
import type { Emulator } from '../../../emulator';
import type { WorkflowDefinition } from '../../../emulator/catalogue';
import { LEAD_RECORDS } from '../../../emulator/test-support';
import { executeWorkflow, type ExecuteWorkflowResult } from '../../../harness';
import { errorFields, outputOf, runNode, runParameters, waitUntil } from '../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../harness/kits/useEmulator';

const SECOND_KEY = 'sk_second_account';
const fastPolling = { minPollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.2 };
const blocks = ['webhook', 'enrich_company', 'find_email'];
/** Emulated minutes per block: 10 min is 300 ms of wall time. */
const lasting = (id: string, blockMinutes: number): WorkflowDefinition => ({
	id,
	name: id,
	source: 'webhook',
	blocks,
	timing: { queueMs: 1000, blockBaseMs: blockMinutes * 60_000, perRowMs: 0 },
});
const catalogue = [lasting('wf_quick', 5), lasting('wf_mid', 15), lasting('wf_slow', 30)];

let emu: Emulator;
useEmulator({ catalogue, clock: { mode: 'real', speed: 2000 } }, (started) => (emu = started));
beforeAll(async () => {
	emu.addApiKey(SECOND_KEY);
});

const startRun = (workflowId: string, account?: string) =>
	emu.startRun(workflowId, { webhook_payload: LEAD_RECORDS }, { account }).job_id;

const waitFor = async (runId: string, options: { apiKey?: string; signal?: AbortSignal } = {}) =>
	await runNode(emu, runParameters('waitForCompletion', { runId, waitOptions: fastPolling }), options);

/** The final file's rows, read by papaparse straight from the storage host with `apiKey`'s links. */
async function finalRows(runId: string, apiKey = emu.apiKey): Promise<IDataObject[]> {
	const logged = emu.requests.length;
	const answer = await fetch(`${emu.baseUrl}/workflows/runs/${runId}/results/download-links`, { headers: { 'x-api-key': apiKey } });
	const links = (await answer.json()) as Array<{ block_number: number; download_url: string }>;
	const final = links.sort((a, b) => b.block_number - a.block_number)[0];
	const text = (await (await fetch(final.download_url)).text()).replace(/^\uFEFF/, '');
	emu.requests.splice(logged);
	return Papa.parse<IDataObject>(text, { header: true, skipEmptyLines: true }).data;
}

const rowsOf = (items: INodeExecutionData[]) => items.map((item) => item.json);

/** Status requests by kind, and the run each live status asked about. */
function statusRequests(apiKey = emu.apiKey) {
	const api = emu.requests.filter((request) => request.origin === 'api' && request.headers['x-api-key'] === apiKey);
	const lists = api.filter((request) => request.path === '/workflows/runs');
	const lives = api
		.filter((request) => request.path.endsWith('/live_status'))
		.map((request) => decodeURIComponent(request.path.split('/')[3]));
	return { lists, lives };
}

describe('runs waited on at once through one credential', () => {
	test('N executions finishing in any order: one list check serves them all', async () => {
		const alone: number[] = [];
		for (const workflowId of ['wf_slow', 'wf_mid', 'wf_quick']) {
			emu.clearRequests();
			const runId = startRun(workflowId);
			expect(rowsOf(outputOf(await waitFor(runId)))).toEqual(await finalRows(runId));
			const { lists, lives } = statusRequests();
			expect(lists).toEqual([]);
			alone.push(lives.length);
		}

		emu.clearRequests();
		// Started slowest first: they finish in the opposite order.
		const runIds = ['wf_slow', 'wf_mid', 'wf_quick'].map((workflowId) => startRun(workflowId));
		const results = await Promise.all(runIds.map((runId) => waitFor(runId)));
		for (const [index, runId] of runIds.entries()) {
			expect(rowsOf(outputOf(results[index]))).toEqual(await finalRows(runId));
		}
		const { lists, lives } = statusRequests();
		expect(lists.length).toBeGreaterThan(0);
		expect(lists.every((request) => request.query.limit === '500')).toBe(true);
		const together = lists.length + lives.length;
		const separately = alone.reduce((sum, calls) => sum + calls, 0);
		// The slowest wait sets the pace; the others ride on its checks.
		expect(together).toBeLessThan(separately);
	});

	test('one execution split into runs (one per workflow) finishing in any order: the later waits cost nothing', async () => {
		const items = ['wf_slow', 'wf_mid', 'wf_quick'].map((wf, index) => ({ json: { ...LEAD_RECORDS[index], wf } }));
		const result: ExecuteWorkflowResult = await executeWorkflow({
			nodeTypes: { 'n8n-nodes-sixtyfour.sixtyfour': new Sixtyfour() },
			node: {
				name: 'Sixtyfour',
				type: 'n8n-nodes-sixtyfour.sixtyfour',
				parameters: {
					resource: 'workflow',
					operation: 'run',
					workflowId: { __rl: true, mode: 'id', value: '={{ $json.wf }}' },
					waitOptions: fastPolling,
				},
			},
			inputItems: items,
			credentials: { sixtyfourApi: { apiKey: emu.apiKey, baseUrl: emu.baseUrl } },
		});
		const output = outputOf(result);
		const { lists, lives } = statusRequests();
		const listed = (await (await fetch(`${emu.baseUrl}/workflows/runs?limit=3`, { headers: { 'x-api-key': emu.apiKey } })).json()) as Array<{ job_id: string; workflow_id: string }>;
		const runs = listed.reverse();
		expect(runs.map((run) => run.workflow_id)).toEqual(['wf_slow', 'wf_mid', 'wf_quick']);
		const expected = [];
		// Match Rows is on by default: each run's one row is its item's.
		for (const run of runs) expected.push(...(await finalRows(run.job_id)).map((row) => ({ ...row, sixtyfour_matched: true })));
		expect(rowsOf(output)).toEqual(expected);

		// The slow run's wait saw the other two finish in the list: their turns asked nothing.
		expect(lists.length).toBeGreaterThan(0);
		expect(lives.filter((runId) => runId !== runs[0].job_id)).toEqual([]);
		expect(lives.length).toBeLessThanOrEqual(1);
		const slowEnd = Date.parse(String(emu.getRun(runs[0].job_id)?.listEntry.completed_at));
		expect(lists.filter((request) => request.time >= slowEnd).length).toBe(1);
	});

	test('a run that leaves the list’s 500-run window is asked about on its own', async () => {
		const [first, second] = [startRun('wf_mid'), startRun('wf_mid')];
		const waits = [waitFor(first), waitFor(second)];
		await waitUntil(() => statusRequests().lists.length > 0);
		// 500 newer runs push both out of the list's window.
		for (let i = 0; i < 500; i++) startRun('wf_quick');
		const results = await Promise.all(waits);
		expect(rowsOf(outputOf(results[0]))).toEqual(await finalRows(first));
		expect(rowsOf(outputOf(results[1]))).toEqual(await finalRows(second));
		const { lives } = statusRequests();
		expect(lives.filter((runId) => runId === first).length).toBeGreaterThan(0);
		expect(lives.filter((runId) => runId === second).length).toBeGreaterThan(0);
	});

	test('a wait cancelled while another goes on: only the stopped one ends, the other gets its rows', async () => {
		const [stopped, goingOn] = [startRun('wf_slow'), startRun('wf_mid')];
		const controller = new AbortController();
		const waits = [waitFor(stopped, { signal: controller.signal }), waitFor(goingOn)];
		await waitUntil(() => statusRequests().lists.length >= 2);
		controller.abort();
		const [cancelled, finished] = await Promise.all(waits);
		expect(errorFields(cancelled)).toEqual({
			type: 'NodeOperationError',
			message: `The execution was stopped while waiting for Sixtyfour run "${stopped}"`,
			description: 'The Sixtyfour run goes on; get its results later with Run → Get Results.',
			httpCode: null,
		});
		expect(rowsOf(outputOf(finished))).toEqual(await finalRows(goingOn));
		expect(emu.getRun(stopped)?.state.status).toBe('running');
	});

	test('two credentials in one process: each key is sent only with its own runs', async () => {
		const mine = [startRun('wf_mid'), startRun('wf_quick')];
		const theirs = [startRun('wf_mid', SECOND_KEY), startRun('wf_quick', SECOND_KEY)];
		const results = await Promise.all([
			...mine.map((runId) => waitFor(runId)),
			...theirs.map((runId) => waitFor(runId, { apiKey: SECOND_KEY })),
		]);
		for (const [index, runId] of [...mine, ...theirs].entries()) {
			const key = index < 2 ? emu.apiKey : SECOND_KEY;
			expect(rowsOf(outputOf(results[index]))).toEqual(await finalRows(runId, key));
		}
		for (const [key, own] of [[emu.apiKey, mine], [SECOND_KEY, theirs]] as const) {
			const sent = emu.requests.filter((request) => request.origin === 'api' && request.headers['x-api-key'] === key);
			const runsNamed = sent
				.map((request) => request.path.split('/')[3] ?? request.query.job_id)
				.filter((runId): runId is string => typeof runId === 'string' && runId.startsWith('run_'));
			expect(runsNamed.length).toBeGreaterThan(0);
			expect(runsNamed.every((runId) => own.includes(runId))).toBe(true);
			expect(statusRequests(key).lists.length).toBeGreaterThan(0);
			expect(sent.every((request) => request.status === 200)).toBe(true);
		}
	});
});
