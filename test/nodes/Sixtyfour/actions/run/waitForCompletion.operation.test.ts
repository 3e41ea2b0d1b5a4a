// Run → Wait for Completion through n8n-core's WorkflowExecute against the emulator on a real clock
// at 2000× (one wall millisecond is two emulated seconds), with poll intervals of 50 to 200 ms.
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import type { WorkflowDefinition } from '../../../../emulator/catalogue';
import { LEAD_RECORDS } from '../../../../emulator/test-support';
import {
	errorFields,
	outputOf,
	requestLines,
	runNode,
	runParameters,
	servedFiles,
	waitUntil,
	type RunNodeOptions,
} from '../../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../../harness/kits/useEmulator';

const SPEED = 2000;
const fastPolling = { minPollIntervalSeconds: 0.05, maxPollIntervalSeconds: 0.2 };
const blocks = ['webhook', 'enrich_company', 'find_email'];
/** 15 emulated minutes per block: a steady run takes about 1.35 s of wall time, several polls. */
const BLOCK_MS = 900_000;
const steadyTiming = { queueMs: 1000, blockBaseMs: BLOCK_MS, perRowMs: 0 };

const catalogue: WorkflowDefinition[] = [
	{ id: 'wf_steady', name: 'Steady', source: 'webhook', blocks, timing: steadyTiming },
	{
		id: 'wf_failing',
		name: 'Failing',
		source: 'webhook',
		blocks,
		timing: steadyTiming,
		failAt: { block: 2, error_message: 'Upstream provider timed out', status_reason: 'block_error' },
	},
	// Never finishes within a test: blocks of about 3 emulated years.
	{ id: 'wf_endless', name: 'Endless', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing: { queueMs: 1000, blockBaseMs: 1e11, perRowMs: 0 } },
];

let emu: Emulator;

useEmulator({ catalogue, clock: { mode: 'real', speed: SPEED } }, (started) => (emu = started));

function startRun(workflowId: string): string {
	return emu.startRun(workflowId, { webhook_payload: LEAD_RECORDS }).job_id;
}

async function waitFor(runId: string, waitOptions: IDataObject = {}, extra: INodeParameters = {}, options?: RunNodeOptions) {
	return await runNode(
		emu,
		runParameters('waitForCompletion', { runId, waitOptions: { ...fastPolling, ...waitOptions }, ...extra }),
		options,
	);
}

const statusOf = (runId: string) => emu.getRun(runId)?.listEntry.status;
const liveStatusCalls = (runId: string) =>
	requestLines(emu).filter((line) => line === `GET /workflows/runs/${runId}/live_status`).length;

async function api(method: string, path: string): Promise<IDataObject> {
	const answer = await fetch(`${emu.baseUrl}${path}`, { method, headers: { 'x-api-key': emu.apiKey } });
	return (await answer.json()) as IDataObject;
}

describe('a run that finishes', () => {
	test('completed: the final rows, after polling live status with progress logged', async () => {
		const runId = startRun('wf_steady');
		const result = await waitFor(runId);
		const items = outputOf(result);
		const files = await servedFiles(emu, runId);
		expect(items).toEqual(files[2].rows.map((row) => ({ json: row, pairedItem: [{ item: 0 }] })));
		expect(items.length).toBeGreaterThan(0);

		const polls = liveStatusCalls(runId);
		expect(polls).toBeGreaterThanOrEqual(2);
		expect(requestLines(emu)).toEqual([
			...Array(polls).fill(`GET /workflows/runs/${runId}/live_status`),
			`GET /workflows/runs/${runId}/results/download-links`,
		]);

		const progress = result.logs
			.map((line) => line.message)
			.filter((message) => message.startsWith(`Sixtyfour run ${runId}: `));
		expect(progress).toHaveLength(polls);
		progress.forEach((message, index) =>
			expect(message).toMatch(
				new RegExp(`^Sixtyfour run ${runId}: (queued|running|completed) \\d+\\.\\d%(, block \\d/3 \\w+)? \\(check ${index + 1}\\)$`),
			),
		);
		expect(progress[polls - 1]).toBe(`Sixtyfour run ${runId}: completed 100.0%, block 3/3 find_email (check ${polls})`);
		const percentages = progress.map((message) => Number(/ (\d+\.\d)%/.exec(message)![1]));
		expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
		expect(percentages[0]).toBeLessThan(100);
	});

	test('failed: a NodeApiError with the run\'s error message and status reason', async () => {
		const runId = startRun('wf_failing');
		const result = await waitFor(runId);
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: `Sixtyfour run "${runId}" failed: Upstream provider timed out`,
			description: 'Reason: block_error. Open the run in the Sixtyfour app for details, then start it again.',
			httpCode: null,
		});
		expect(requestLines(emu).slice(-1)).toEqual(['GET /workflows/runs?limit=500&workflow_id=wf_failing']);
		expect(result.items).toEqual([]);
	});

	test('failed under Continue On Fail: an error item paired to its input', async () => {
		const runId = startRun('wf_failing');
		const result = await waitFor(runId, {}, {}, { continueOnFail: true });
		expect(outputOf(result)).toEqual([
			{ json: { error: `Sixtyfour run "${runId}" failed: Upstream provider timed out` }, pairedItem: { item: 0 } },
		]);
	});

	test('cancelled: an error by default', async () => {
		const runId = startRun('wf_steady');
		await api('POST', `/workflows/cancel?job_id=${runId}`);
		expect(errorFields(await waitFor(runId))).toEqual({
			type: 'NodeOperationError',
			message: `Sixtyfour run "${runId}" was cancelled`,
			description:
				'Turn on "Partial Results of Cancelled Runs" to get the rows it finished before it was cancelled.',
			httpCode: null,
		});
	});

	test('cancelled with Partial Results of Cancelled Runs: the rows the interrupted block had written', async () => {
		const runId = startRun('wf_steady');
		const queuedAt = emu.clock.now();
		// Half-way through block 2 (of 3 rows), where it has written 1 or 2 rows and is not done.
		await waitUntil(() => emu.clock.now() > queuedAt + 1000 + BLOCK_MS * 1.5);
		await api('POST', `/workflows/cancel?job_id=${runId}`);
		const items = outputOf(await waitFor(runId, { partialResults: true }));
		const files = await servedFiles(emu, runId);
		expect(files.map((file) => [file.block_number, file.message])).toEqual([
			[1, null],
			[2, 'Partial results: the run was cancelled during this block'],
		]);
		expect(items).toEqual(files[1].rows.map((row) => ({ json: row, pairedItem: [{ item: 0 }] })));
		expect([1, 2]).toContain(items.length);
	});
});

describe('timeout', () => {
	// 0.005 minutes is 300 ms of wall time: at least two polls of an endless run.
	const timeoutMinutes = 0.005;

	test('On Timeout "Fail": an error, and the run goes on', async () => {
		const runId = startRun('wf_endless');
		expect(errorFields(await waitFor(runId, { timeoutMinutes }))).toEqual({
			type: 'NodeOperationError',
			message: `Sixtyfour run "${runId}" did not finish within 0.3 seconds (running 0.0%, block 1/2 webhook)`,
			description:
				'The run goes on at Sixtyfour. Raise the timeout, or choose "Return Run Status" and pick it up later with Run → Wait for Completion.',
			httpCode: null,
		});
		expect(liveStatusCalls(runId)).toBeGreaterThanOrEqual(2);
		expect(statusOf(runId)).toBe('running');
	});

	test('On Timeout "Cancel the Run": the run is cancelled at Sixtyfour, then an error', async () => {
		const runId = startRun('wf_endless');
		const result = await waitFor(runId, { timeoutMinutes, onTimeout: 'cancel' });
		expect(errorFields(result)).toMatchObject({
			type: 'NodeOperationError',
			message: `Sixtyfour run "${runId}" did not finish within 0.3 seconds (running 0.0%, block 1/2 webhook)`,
			description: 'The run was cancelled. Raise the timeout for larger inputs.',
		});
		expect(requestLines(emu).slice(-1)).toEqual([`POST /workflows/cancel?job_id=${runId}`]);
		expect(statusOf(runId)).toBe('cancelled');
	});

	test('On Timeout "Return Run Status": the status with timed_out true', async () => {
		const runId = startRun('wf_endless');
		const items = outputOf(await waitFor(runId, { timeoutMinutes, onTimeout: 'returnStatus' }));
		const live = await api('GET', `/workflows/runs/${runId}/live_status`);
		expect(items).toEqual([
			{
				json: {
					job_id: runId,
					run_id: runId,
					workflow_id: 'wf_endless',
					status: 'running',
					progress_percentage: 0,
					current_block: 'webhook',
					current_block_sequence: 1,
					completed_blocks: 0,
					total_blocks: 2,
					processed_count: 0,
					total_count: 3,
					started_at: live.started_at,
					completed_at: null,
					timed_out: true,
				},
				pairedItem: [{ item: 0 }],
			},
		]);
		expect(statusOf(runId)).toBe('running');
	});
});

describe('the n8n execution is stopped while waiting', () => {
	async function stopWhileWaiting(cancelOnStop: boolean) {
		const runId = startRun('wf_endless');
		const controller = new AbortController();
		const running = waitFor(runId, { cancelOnStop }, {}, { signal: controller.signal });
		await waitUntil(() => liveStatusCalls(runId) >= 2);
		controller.abort();
		const result = await running;
		const pollsAtStop = liveStatusCalls(runId);
		// Longer than the longest poll interval: no poll may follow the stop.
		await sleep(500);
		expect(liveStatusCalls(runId)).toBe(pollsAtStop);
		return { runId, result };
	}

	test('polling stops and the run goes on', async () => {
		const { runId, result } = await stopWhileWaiting(false);
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: `The execution was stopped while waiting for Sixtyfour run "${runId}"`,
			description: 'The Sixtyfour run goes on; get its results later with Run → Get Results.',
			httpCode: null,
		});
		expect(statusOf(runId)).toBe('running');
		expect(requestLines(emu).filter((line) => line.startsWith('POST'))).toEqual([]);
		expect(result.items).toEqual([]);
	});

	test('a stop that lands during a status check is the same stop, and still cancels the run when asked', async () => {
		const runId = startRun('wf_endless');
		const controller = new AbortController();
		emu.faults.add({ route: 'live_status', type: 'latency', ms: 2000, times: Infinity });
		try {
			const running = waitFor(runId, { cancelOnStop: true }, {}, { signal: controller.signal });
			// The request is recorded when its answer goes out: wait until the first check is under way.
			await sleep(300);
			controller.abort();
			const result = await running;
			expect(errorFields(result)).toMatchObject({
				message: `The execution was stopped while waiting for Sixtyfour run "${runId}"`,
				description: 'The Sixtyfour run was cancelled too.',
			});
			expect(statusOf(runId)).toBe('cancelled');
		} finally {
			emu.faults.clear();
		}
	});

	test('with Cancel Run When Execution Stops the run is cancelled at Sixtyfour', async () => {
		const { runId, result } = await stopWhileWaiting(true);
		expect(errorFields(result)).toMatchObject({
			message: `The execution was stopped while waiting for Sixtyfour run "${runId}"`,
			description: 'The Sixtyfour run was cancelled too.',
		});
		expect(statusOf(runId)).toBe('cancelled');
		expect(requestLines(emu).filter((line) => line.startsWith('POST'))).toEqual([`POST /workflows/cancel?job_id=${runId}`]);
	});
});

describe('parameters', () => {
	test('Min Poll Interval longer than Max Poll Interval is refused before any request', async () => {
		const runId = startRun('wf_steady');
		emu.clearRequests();
		const result = await waitFor(runId, { minPollIntervalSeconds: 2, maxPollIntervalSeconds: 1 });
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: 'Invalid "Min Poll Interval": must not be longer than Max Poll Interval',
			description: null,
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});

	test.each([
		['Timeout', 'timeoutMinutes', 0],
		['Min Poll Interval', 'minPollIntervalSeconds', -1],
	])('"%s" (%s) %d is refused before any request', async (displayName, name, value) => {
		const runId = startRun('wf_steady');
		emu.clearRequests();
		const result = await waitFor(runId, { [name]: value });
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: `Invalid "${displayName}": must be a number above 0, got ${value}`,
			description: null,
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});
});
