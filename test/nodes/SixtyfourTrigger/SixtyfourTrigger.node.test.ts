import { NodeApiError, NodeOperationError, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { SixtyfourTrigger } from '../../../nodes/SixtyfourTrigger/SixtyfourTrigger.node';
import type { Emulator } from '../../emulator';
import { MAX_FAILED_READS } from '../../../nodes/SixtyfourTrigger/helpers/runTracker';
import {
	apiCalls,
	durationMs,
	emittedIds,
	expectedFiles,
	poll,
	startRun,
	startTriggerEmulator,
} from '../../harness/kits/triggerTestKit';

let emu: Emulator;
beforeEach(async () => {
	emu = await startTriggerEmulator();
});
afterEach(async () => await emu.close());

const iso = (ms: number) => new Date(ms).toISOString();
const finishOf = (jobId: string) => Date.parse(emu.getRun(jobId)!.listEntry.completed_at as string);
const queuedOf = (jobId: string) => Date.parse(emu.getRun(jobId)!.listEntry.queued_at as string);

/** Records the baseline on an emulator with no runs yet; returns the state. */
async function activate(parameters: INodeParameters = {}): Promise<IDataObject> {
	const baseline = await poll(emu, { parameters });
	expect(baseline.error).toBeUndefined();
	emu.clearRequests();
	return baseline.staticData;
}

describe('first activation', () => {
	it('records the newest finished run as the baseline and emits nothing from the past', async () => {
		const old = startRun(emu, 'wf_lead', 1, 'old');
		const newer = startRun(emu, 'wf_lead', 2, 'newer');
		const running = startRun(emu, 'wf_lead', 30, 'running');
		emu.clock.advance(durationMs(2));

		const baseline = await poll(emu);
		expect(baseline).toMatchObject({
			items: null,
			staticData: {
				cursor: finishOf(newer),
				fired: { [old]: finishOf(old), [newer]: finishOf(newer) },
				inFlight: { [running]: queuedOf(running) },
				horizon: queuedOf(running),
			},
			staticDataChanged: true,
		});
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100']);

		emu.clock.advance(durationMs(30));
		const next = await poll(emu, { staticData: baseline.staticData, parameters: { includeResults: false } });
		expect(emittedIds(next)).toEqual([running]);
		expect(emittedIds(next)).not.toContain(old);
	});

	it('records "nothing yet" when no run has finished, and then emits the first one', async () => {
		const slow = startRun(emu, 'wf_lead', 5, 'slow');
		const state = await activate();
		expect(state).toEqual({ horizon: queuedOf(slow), cursor: queuedOf(slow), fired: {}, inFlight: { [slow]: queuedOf(slow) }, failedReads: {}, slowReads: {} });
		const quick = startRun(emu, 'wf_lead', 1, 'quick');
		emu.clock.advance(durationMs(1) + 1);
		const next = await poll(emu, { staticData: state, parameters: { includeResults: false } });
		expect(emittedIds(next)).toEqual([quick]);
		expect(next.staticData).toMatchObject({ cursor: finishOf(quick), fired: { [quick]: finishOf(quick) }, inFlight: { [slow]: queuedOf(slow) } });
	});
});

describe('polls', () => {
	it('sends one request and leaves the state unwritten when nothing is in flight and nothing new happened', async () => {
		const state = await activate();
		const id = startRun(emu, 'wf_lead', 1, 'a');
		emu.clock.advance(durationMs(1));
		const first = await poll(emu, { staticData: state });
		expect(emittedIds(first)).toEqual([id]);
		expect(first.staticDataChanged).toBe(true);

		emu.clearRequests();
		emu.clock.advance(60_000);
		const idle = await poll(emu, { staticData: first.staticData });
		expect(idle).toMatchObject({ items: null, staticData: first.staticData, staticDataChanged: false });
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100']);
		expect(emu.requests).toHaveLength(1);
	});

	it('emits runs in completion order, not queue order, and each once across a restart', async () => {
		let state = await activate({ includeResults: false });
		const slow = startRun(emu, 'wf_lead', 9, 'slow');
		const fast = startRun(emu, 'wf_company', 1, 'fast');
		const middle = startRun(emu, 'wf_lead', 4, 'middle');
		emu.clock.advance(durationMs(4));
		const first = await poll(emu, { staticData: state, parameters: { includeResults: false } });
		expect(emittedIds(first)).toEqual([fast, middle]);
		state = first.staticData;

		emu.clock.advance(durationMs(9));
		const restarted = new SixtyfourTrigger();
		const afterRestart = await poll(emu, {
			staticData: state,
			parameters: { includeResults: false },
			nodeType: restarted,
			activation: 'init',
		});
		expect(emittedIds(afterRestart)).toEqual([slow]);
		const again = await poll(emu, { staticData: afterRestart.staticData, parameters: { includeResults: false }, nodeType: restarted });
		expect(again.items).toBeNull();
	});

	it('emits runs finishing in the same instant once each, also when they arrive over two polls', async () => {
		const state = await activate();
		// Three runs finish in the same millisecond; the two with inline rows need no storage, so a
		// storage fault holds back only the third, wherever its id sorts among them.
		const inline = [startRun(emu, 'wf_inline', 2, 'i1'), startRun(emu, 'wf_inline', 2, 'i2')];
		const stored = startRun(emu, 'wf_lead', 2, 's');
		emu.clock.advance(durationMs(2));
		const instant = finishOf(stored);
		expect(inline.map(finishOf)).toEqual([instant, instant]);
		const order = [...inline, stored].sort();

		emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		const first = await poll(emu, { staticData: state });
		expect(emittedIds(first)).toEqual(order.filter((id) => id !== stored));
		expect(first.staticData).toMatchObject({ cursor: instant, inFlight: { [stored]: queuedOf(stored) }, failedReads: { [stored]: 1 } });
		const second = await poll(emu, { staticData: first.staticData });
		expect(emittedIds(second)).toEqual([stored]);
		expect(Object.keys(second.staticData.fired as object).sort()).toEqual(order);
		expect((await poll(emu, { staticData: second.staticData })).items).toBeNull();
	});

	it('fetches the largest page when more runs were queued since the last poll than one page holds', async () => {
		const state = await activate({ includeResults: false, runsPerPoll: 5 });
		const ids = Array.from({ length: 12 }, (_, i) => startRun(emu, 'wf_lead', i % 3, `burst${i}`));
		emu.clock.advance(durationMs(2));
		const result = await poll(emu, { staticData: state, parameters: { includeResults: false, runsPerPoll: 5 } });
		expect(emittedIds(result).sort()).toEqual([...ids].sort());
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=5', '/workflows/runs?limit=500']);
	});
});

describe('what a real service does', () => {
	it('fires a completion that shows in the runs list after a later one, once', async () => {
		let state = await activate({ includeResults: false });
		const a = startRun(emu, 'wf_lead', 1, 'a');
		emu.clock.advance(durationMs(1) - 1000);
		const b = startRun(emu, 'wf_company', 0, 'b');
		// A finishes 4 s before B, but the runs list shows it 75 s late.
		emu.setVisibilityLag(a, 75_000);
		emu.clock.advance(durationMs(0));
		expect(finishOf(b)).toBe(emu.getRun(a)!.state.at + 4000);
		const emitted: string[] = [];
		for (let i = 0; i < 4; i++) {
			const result = await poll(emu, { staticData: state, parameters: { includeResults: false } });
			emitted.push(...emittedIds(result));
			state = result.staticData;
			emu.clock.advance(30_000);
		}
		expect(emitted).toEqual([b, a]);
	});

	it('retries a completed run whose files are not published yet, and fires it with its rows once they are', async () => {
		const state = await activate();
		const id = startRun(emu, 'wf_lead', 2, 'late');
		emu.setFilesDelay(id, 90_000);
		emu.clock.advance(durationMs(2));
		const early = await poll(emu, { staticData: state });
		expect(early.items).toBeNull();
		expect(early.staticData).toMatchObject({ failedReads: { [id]: 1 }, inFlight: { [id]: queuedOf(id) } });
		expect(early.logs.find((line) => line.level === 'error')?.message).toContain('has not published its result files yet');

		emu.clock.advance(90_000);
		const later = await poll(emu, { staticData: early.staticData });
		const [final] = (await expectedFiles(emu, id)).slice(-1);
		expect(emittedIds(later)).toEqual([id]);
		expect(later.items![0][0].json.rows).toEqual(final.rows);
		expect((await poll(emu, { staticData: later.staticData })).items).toBeNull();
	});

	it('fires a run whose final file stays short once, with results_error naming the rows, after the bounded retries', async () => {
		let state = await activate();
		const id = startRun(emu, 'wf_lead', 6, 'short');
		emu.clock.advance(durationMs(6));
		const emitted = [];
		for (let i = 0; i < MAX_FAILED_READS + 2; i++) {
			emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
			const result = await poll(emu, { staticData: state });
			emu.faults.clear();
			emitted.push(...(result.items?.[0] ?? []));
			state = result.staticData;
		}
		expect(emitted).toHaveLength(1);
		expect(emitted[0].json).toMatchObject({ job_id: id, rows: [], results_error: expect.stringMatching(/incomplete.*1 of \d+ rows/) });
	});

	it('reads the CSV of a run that also wrote NDJSON and JSON files', async () => {
		const state = await activate({ output: 'row' });
		const id = emu.startRun('wf_lead', { webhook_payload: [{ company_name: 'Acme', website: 'acme.example' }, { company_name: 'Beta', website: 'beta.example' }] }, { resultFormats: ['csv', 'ndjson'], saveJson: true }).job_id;
		emu.clock.advance(durationMs(2));
		const result = await poll(emu, { staticData: state, parameters: { output: 'row' } });
		const [final] = (await expectedFiles(emu, id)).filter(({ file }) => file.filename === 'enriched_results_final.csv');
		expect(result.items![0].map((item) => item.json.company_name)).toEqual(final.rows.map((row) => row.company_name));
		expect(result.items![0].every((item) => item.json.sixtyfour_filename === 'enriched_results_final.csv')).toBe(true);
	});
});

describe('results and output', () => {
	it('gives one item per run with the final file\'s rows, as parsed independently', async () => {
		const state = await activate();
		const id = startRun(emu, 'wf_lead', 6, 'rows');
		emu.clock.advance(durationMs(6));
		const result = await poll(emu, { staticData: state });
		const [final] = (await expectedFiles(emu, id)).slice(-1);
		const listed = emu.getRun(id)!.listEntry;
		expect(result.items).toEqual([
			[
				{
					json: {
						...listed,
						finished_at: iso(finishOf(id)),
						finished_at_source: 'completed_at',
						rows: final.rows,
						result_files: [
							{ filename: 'enriched_results_final.csv', block_number: 2, row_count: final.rows.length, rows_read: final.rows.length },
						],
					},
				},
			],
		]);
		expect(final.rows.length).toBeGreaterThan(0);
	});

	it('gives one item per row with the run metadata, capped per run, from all files', async () => {
		const parameters = { output: 'row', resultFile: 'all', maxRowsPerRun: 4 };
		const state = await activate(parameters);
		const id = startRun(emu, 'wf_lead', 3, 'perrow');
		emu.clock.advance(durationMs(3));
		const result = await poll(emu, { staticData: state, parameters });
		const files = await expectedFiles(emu, id);
		const metadata = {
			sixtyfour_job_id: id,
			sixtyfour_workflow_id: 'wf_lead',
			sixtyfour_workflow_name: 'Lead Enrichment',
			sixtyfour_status: 'completed',
			sixtyfour_finished_at: iso(finishOf(id)),
			sixtyfour_finished_at_source: 'completed_at',
		};
		const expected = files
			.flatMap(({ file, rows }) =>
				rows.map((row) => ({
					json: { ...row, ...metadata, sixtyfour_block_number: file.block_number, sixtyfour_filename: file.filename },
				})),
			)
			.slice(0, 4);
		expect(result.items).toEqual([expected]);
		expect(expected.map((item) => item.json.sixtyfour_block_number)).toEqual([1, 1, 1, 2]);
	});

	it('reads one block and infers types when asked', async () => {
		const parameters = { resultFile: 'block', blockNumber: 2, output: 'row', options: { inferTypes: true } };
		const state = await activate(parameters);
		const id = startRun(emu, 'wf_lead', 5, 'typed');
		emu.clock.advance(durationMs(5));
		const result = await poll(emu, { staticData: state, parameters });
		const [, final] = await expectedFiles(emu, id);
		const items = result.items![0];
		expect(items).toHaveLength(final.rows.length);
		expect(items.map((item) => item.json.employee_count)).toEqual(final.rows.map((row) => Number(row.employee_count)));
		expect(items.every((item) => item.json.sixtyfour_filename === 'enriched_results_final.csv')).toBe(true);
	});

	it('outputs metadata only, without fetching results, when Include Results is off', async () => {
		const state = await activate({ includeResults: false });
		const id = startRun(emu, 'wf_lead', 2, 'meta');
		emu.clock.advance(durationMs(2));
		const result = await poll(emu, { staticData: state, parameters: { includeResults: false, output: 'row' } });
		expect(result.items).toEqual([[{ json: { ...emu.getRun(id)!.listEntry, finished_at: iso(finishOf(id)), finished_at_source: 'completed_at' } }]]);
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100']);
	});
});

describe('events and workflows', () => {
	it('lists without a status filter and emits only the chosen events', async () => {
		const parameters = { events: ['failed'], includeResults: false };
		const state = await activate(parameters);
		const failed = startRun(emu, 'wf_failing', 2, 'f');
		startRun(emu, 'wf_lead', 1, 'ok');
		emu.clock.advance(durationMs(2, 3));
		const result = await poll(emu, { staticData: state, parameters });
		expect(emittedIds(result)).toEqual([failed]);
		expect(result.items![0][0].json).toMatchObject({ status: 'failed', error_message: 'Upstream provider timed out' });
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100']);
	});

	it('emits cancelled runs, and combines events', async () => {
		const cancelledOnly = await activate({ events: ['cancelled'], includeResults: false });
		const all = await activate({ events: ['completed', 'failed', 'cancelled'], includeResults: false });
		const done = startRun(emu, 'wf_lead', 1, 'done');
		const cancelled = startRun(emu, 'wf_lead', 8, 'cancel');
		const failed = startRun(emu, 'wf_failing', 1, 'fail');
		emu.clock.advance(3000);
		await fetch(`${emu.baseUrl}/workflows/cancel?job_id=${cancelled}`, { method: 'POST', headers: { 'x-api-key': emu.apiKey } });
		emu.clock.advance(60_000);
		emu.clearRequests();

		const onlyCancelled = await poll(emu, { staticData: cancelledOnly, parameters: { events: ['cancelled'], includeResults: false } });
		expect(emittedIds(onlyCancelled)).toEqual([cancelled]);
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100']);

		const every = await poll(emu, { staticData: all, parameters: { events: ['completed', 'failed', 'cancelled'], includeResults: false } });
		expect(emittedIds(every)).toEqual([cancelled, failed, done].sort((x, y) => finishOf(x) - finishOf(y) || (x < y ? -1 : 1)));
	});

	it('watches one workflow when asked', async () => {
		const parameters = { workflows: 'one', workflowId: { __rl: true, mode: 'id', value: 'wf_company' }, includeResults: false };
		const state = await activate(parameters);
		startRun(emu, 'wf_lead', 1, 'lead');
		const company = startRun(emu, 'wf_company', 1, 'company');
		emu.clock.advance(durationMs(1));
		const result = await poll(emu, { staticData: state, parameters });
		expect(emittedIds(result)).toEqual([company]);
		expect(apiCalls(emu)).toEqual(['/workflows/runs?limit=100&workflow_id=wf_company']);
	});

	it('emits a failed run whose chosen block never came, with the reason, instead of retrying it forever', async () => {
		const parameters = { events: ['failed'], resultFile: 'block', blockNumber: 3 };
		const state = await activate(parameters);
		const failed = startRun(emu, 'wf_failing', 1, 'f');
		emu.clock.advance(durationMs(1, 3));
		const result = await poll(emu, { staticData: state, parameters });
		expect(emittedIds(result)).toEqual([failed]);
		expect(result.items![0][0].json).toMatchObject({ rows: [], result_files: [], results_error: `Run "${failed}" has no result file for block 3` });
	});
});

describe('manual mode (Fetch Test Event)', () => {
	it('returns the most recent matching run with its rows and leaves the state alone', async () => {
		startRun(emu, 'wf_lead', 1, 'older');
		const latest = startRun(emu, 'wf_lead', 4, 'latest');
		startRun(emu, 'wf_lead', 40, 'running');
		emu.clock.advance(durationMs(4));
		const stored = { horizon: 0, cursor: 0, fired: { run_x: 0 }, inFlight: {}, failedReads: {} };
		const result = await poll(emu, { mode: 'manual', staticData: stored, parameters: { output: 'row' } });
		const [, final] = await expectedFiles(emu, latest);
		expect(emittedIds(result)).toEqual(final.rows.map(() => latest));
		expect(result.items![0].map((item) => item.json.company_name)).toEqual(final.rows.map((row) => row.company_name));
		expect(result).toMatchObject({ staticData: stored, staticDataChanged: false });
	});

	it('says so when no run matches yet', async () => {
		startRun(emu, 'wf_lead', 1, 'done');
		emu.clock.advance(durationMs(1));
		const result = await poll(emu, { mode: 'manual', parameters: { events: ['failed'] } });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe('No finished Sixtyfour run matches the trigger yet');
	});
});

describe('failures', () => {
	it('throws a NodeApiError for a wrong key or a 5xx, and keeps the state', async () => {
		const state = await activate();
		startRun(emu, 'wf_lead', 1, 'a');
		emu.clock.advance(durationMs(1));
		const wrongKey = await poll(emu, { staticData: state, apiKey: 'sk_wrong' });
		expect(wrongKey.error).toBeInstanceOf(NodeApiError);
		expect((wrongKey.error as NodeApiError).httpCode).toBe('401');
		expect(wrongKey).toMatchObject({ items: null, staticData: state, staticDataChanged: false });

		emu.faults.add({ route: 'runs', type: 'status', status: 503, retryAfter: '0', times: 5 });
		const unavailable = await poll(emu, { staticData: state });
		expect((unavailable.error as NodeApiError).httpCode).toBe('503');
		expect(unavailable).toMatchObject({ items: null, staticData: state, staticDataChanged: false });
	});

	it('emits the other runs when one run\'s results fail, logs it, and emits that run at the next poll', async () => {
		const state = await activate();
		// The first run's rows come inline with its links, so the storage fault hits the second run.
		const first = startRun(emu, 'wf_inline', 1, 'first');
		const second = startRun(emu, 'wf_lead', 2, 'second');
		const third = startRun(emu, 'wf_lead', 3, 'third');
		emu.clock.advance(durationMs(3));
		// Refused with the first link and again with a re-signed one: the transfer gives up.
		emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		const partial = await poll(emu, { staticData: state });
		expect(partial.error).toBeUndefined();
		expect(emittedIds(partial)).toEqual([first, third]);
		expect(partial.logs.filter((line) => line.level === 'error')).toEqual([
			expect.objectContaining({
				message: expect.stringContaining(`results of run "${second}" could not be read; it is retried at the next poll`),
			}),
		]);

		const next = await poll(emu, { staticData: partial.staticData });
		expect(emittedIds(next)).toEqual([second]);
		expect(next.staticData).toMatchObject({ inFlight: {}, failedReads: {} });
		expect((await poll(emu, { staticData: next.staticData })).items).toBeNull();
	});

	it('fires a run whose results never read once, with results_error, after the bounded number of polls', async () => {
		let state = await activate();
		const broken = startRun(emu, 'wf_lead', 1, 'broken');
		emu.clock.advance(durationMs(1));
		emu.faults.add({ route: 'storage', type: 'status', status: 403, times: Infinity });
		const emitted: string[] = [];
		for (let i = 1; i < MAX_FAILED_READS; i++) {
			const result = await poll(emu, { staticData: state });
			expect(result.items).toBeNull();
			expect(result.staticData).toMatchObject({ failedReads: { [broken]: i } });
			state = result.staticData;
			emu.clock.advance(60_000);
		}
		const last = await poll(emu, { staticData: state });
		emitted.push(...emittedIds(last));
		expect(last.items![0][0].json).toMatchObject({ job_id: broken, rows: [], results_error: expect.stringContaining('refused') });
		for (let i = 0; i < 3; i++) emitted.push(...emittedIds(await poll(emu, { staticData: last.staticData })));
		expect(emitted).toEqual([broken]);
	});
});

describe('parameters', () => {
	it.each([
		[{ runsPerPoll: 0 }, 'Invalid "Runs per Poll": must be a whole number from 1 to 500, got 0'],
		[{ runsPerPoll: 501 }, 'Invalid "Runs per Poll": must be a whole number from 1 to 500, got 501'],
		[{ runsPerPoll: 2.5 }, 'Invalid "Runs per Poll": must be a whole number from 1 to 500, got 2.5'],
		[{ events: [] }, 'Invalid "Trigger On": choose at least one event'],
		[{ workflows: 'one', workflowId: { __rl: true, mode: 'id', value: ' ' } }, 'Invalid "Workflow": choose a workflow from the list or give its ID'],
		[{ resultFile: 'block', blockNumber: 0 }, 'Invalid "Block Number": must be a whole number at least 1, got 0'],
		[{ maxRowsPerRun: -1 }, 'Invalid "Max Rows per Run": must be a whole number at least 0, got -1'],
	])('rejects %j before sending any request', async (parameters, message) => {
		for (const mode of ['trigger', 'manual'] as const) {
			const result = await poll(emu, { parameters, mode });
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toBe(message);
			expect(result.staticDataChanged).toBe(false);
		}
		expect(emu.requests).toEqual([]);
	});
});

describe('runs list entries without completed_at or updated_at', () => {
	it('a run watched in flight and one queued after the last poll fire once each, finished_at stamped when the poll read them', async () => {
		const slow = startRun(emu, 'wf_lead', 5, 'slow');
		const state = await activate();
		emu.clock.advance(1000);
		const quick = startRun(emu, 'wf_lead', 1, 'quick');
		emu.clock.advance(durationMs(5) + 1);
		emu.faults.add({ route: 'runs', type: 'omitFields', fields: ['completed_at', 'updated_at'], times: Infinity });
		const before = Date.now();
		const first = await poll(emu, { staticData: state, parameters: { includeResults: false } });
		expect(first.error).toBeUndefined();
		expect(emittedIds(first).sort()).toEqual([quick, slow].sort());
		for (const item of first.items?.[0] ?? []) {
			expect(item.json).toMatchObject({ status: 'completed', completed_at: null, finished_at_source: 'observed' });
			expect(Date.parse(String(item.json.finished_at))).toBeGreaterThanOrEqual(before);
		}
		const again = await poll(emu, { staticData: first.staticData, parameters: { includeResults: false } });
		expect(again.items).toBeNull();
	});
});
