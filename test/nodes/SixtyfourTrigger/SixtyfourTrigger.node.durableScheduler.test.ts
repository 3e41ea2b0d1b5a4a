// The trigger under n8n's durable scheduler (n8n 2.41 behind settings, on by default from 2.45):
// the activation poll's node state is not kept, and each scheduled poll has a time budget
// (IPollFunctions.getPollBudgetMs) after which n8n abandons it and keeps nothing.
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { MAX_SLOW_READS } from '../../../nodes/SixtyfourTrigger/helpers/runTracker';
import type { PollResult } from '../../harness';
import { durationMs, emittedIds, expectedFiles, poll, startRun, startTriggerEmulator, type TriggerPoll } from '../../harness/kits/triggerTestKit';

let emu: Emulator;
beforeEach(async () => {
	emu = await startTriggerEmulator();
});
afterEach(async () => await emu.close());

const finishOf = (jobId: string) => Date.parse(emu.getRun(jobId)!.listEntry.completed_at as string);
const byCompletion = (ids: string[]) => [...ids].sort((a, b) => finishOf(a) - finishOf(b) || a.localeCompare(b));

/** The durable scheduler's budget at its defaults: a 45 s timeout less a 9 s margin. */
const DURABLE_BUDGET_MS = 36_000;

describe("the activation poll's state is not kept (durable cursors)", () => {
	it('runs that finish between activation and the first scheduled poll fire once; runs from before do not', async () => {
		const before = startRun(emu, 'wf_lead', 1, 'before');
		emu.clock.advance(durationMs(1));
		const activation = await poll(emu);
		expect(activation.items).toBeNull();

		const between = [startRun(emu, 'wf_lead', 2, 'b1'), startRun(emu, 'wf_company', 1, 'b2')];
		emu.clock.advance(durationMs(2));
		// n8n keeps the workflow's global static data from activation, not the node's staged state.
		const first = await poll(emu, { staticData: {}, globalStaticData: activation.globalStaticData, pollBudgetMs: DURABLE_BUDGET_MS });
		expect(first.error).toBeUndefined();
		expect(emittedIds(first)).toEqual(byCompletion(between));
		expect(emittedIds(first)).not.toContain(before);

		const second = await poll(emu, { staticData: first.staticData, globalStaticData: first.globalStaticData, pollBudgetMs: DURABLE_BUDGET_MS });
		expect(second.items).toBeNull();
		// The node has a state of its own now: the activation copy is dropped.
		expect(second.globalStaticData).toEqual({});
	});

	it('a first scheduled poll that fails keeps nothing, and the next one still starts from activation', async () => {
		const activation = await poll(emu);
		const run = startRun(emu, 'wf_lead', 1, 'r');
		emu.clock.advance(durationMs(1));
		emu.faults.add({ route: 'runs', type: 'status', status: 401 });
		const failed = await poll(emu, { staticData: {}, globalStaticData: activation.globalStaticData, pollBudgetMs: DURABLE_BUDGET_MS });
		expect(failed.error?.message).toMatch(/401|key/i);

		const next = await poll(emu, { staticData: {}, globalStaticData: activation.globalStaticData, pollBudgetMs: DURABLE_BUDGET_MS });
		expect(emittedIds(next)).toEqual([run]);
	});

	it('under the legacy poller the node keeps its own state, and the copy is dropped at the next poll', async () => {
		const activation = await poll(emu);
		expect(Object.keys(activation.globalStaticData)).toEqual(['sixtyfourTriggerBaseline:Sixtyfour Trigger']);
		const run = startRun(emu, 'wf_lead', 1, 'r');
		emu.clock.advance(durationMs(1));
		const next = await poll(emu, { staticData: activation.staticData, globalStaticData: activation.globalStaticData });
		expect(emittedIds(next)).toEqual([run]);
		expect(next.globalStaticData).toEqual({});
	});
});

interface TimedPoll {
	result: PollResult;
	wallMs: number;
}

async function timedPoll(options: TriggerPoll): Promise<TimedPoll> {
	const started = Date.now();
	const result = await poll(emu, options);
	return { result, wallMs: Date.now() - started };
}

/** Polls until one emits nothing, each from the state the last one left. */
async function drain(state: IDataObject, options: TriggerPoll, maxPolls: number): Promise<TimedPoll[]> {
	const polls: TimedPoll[] = [];
	let staticData = state;
	for (let i = 0; i < maxPolls; i++) {
		const timed = await timedPoll({ ...options, staticData });
		expect(timed.result.error).toBeUndefined();
		polls.push(timed);
		staticData = timed.result.staticData;
		if (timed.result.items === null) break;
	}
	return polls;
}

describe("within each poll's budget", () => {
	/** Time past the budget a poll may take to return: the end of a request that the deadline aborted. */
	const SLACK_MS = 600;

	it('a backlog longer than a budget fires over several polls, each run once, in completion order, with its rows', async () => {
		const state = (await poll(emu)).staticData;
		const backlog = Array.from({ length: 6 }, (_, i) => startRun(emu, i % 2 ? 'wf_lead' : 'wf_company', 1 + (i % 3), `backlog${i}`));
		emu.clock.advance(durationMs(3));
		const expected = new Map<string, IDataObject[]>();
		for (const id of backlog) expected.set(id, (await expectedFiles(emu, id)).at(-1)!.rows);

		emu.faults.add({ route: 'storage', type: 'latency', ms: 700, times: Infinity });
		const budgetMs = 2000;
		const polls = await drain(state, { pollBudgetMs: budgetMs }, 10);

		const fired = polls.flatMap(({ result }) => emittedIds(result));
		expect(fired).toEqual(byCompletion(backlog));
		expect(polls.filter(({ result }) => result.items !== null).length).toBeGreaterThanOrEqual(3);
		for (const { wallMs } of polls) expect(wallMs).toBeLessThan(budgetMs + SLACK_MS);
		for (const item of polls.flatMap(({ result }) => result.items?.[0] ?? [])) {
			expect(item.json.rows).toEqual(expected.get(String(item.json.job_id)));
			expect(item.json.results_error).toBeUndefined();
		}
		expect(polls.at(-1)!.result.staticData).toMatchObject({ inFlight: {}, slowReads: {}, failedReads: {} });
	});

	it(`a run whose rows outlast a whole poll fires without them at the ${MAX_SLOW_READS}nd, and the run behind it follows`, async () => {
		const state = (await poll(emu)).staticData;
		const slow = startRun(emu, 'wf_company', 2, 'slow');
		emu.clock.advance(1000);
		// Its rows come inline in the links answer: no download, so no storage latency.
		const behind = startRun(emu, 'wf_inline', 2, 'behind');
		emu.clock.advance(durationMs(2));
		expect(finishOf(behind)).toBeGreaterThan(finishOf(slow));
		const behindRows = (await expectedFiles(emu, behind)).at(-1)!.rows;

		// Headers at once, then the bytes over 3 s: the deadline must end the transfer in the middle.
		emu.faults.add({ route: 'storage', type: 'slowBody', ms: 3000, times: Infinity });
		const budgetMs = 1000;
		const first = await timedPoll({ staticData: state, pollBudgetMs: budgetMs });
		expect(first.result.items).toBeNull();
		expect(first.result.staticData).toMatchObject({ slowReads: { [slow]: 1 } });
		expect(Object.keys(first.result.staticData.inFlight as IDataObject).sort()).toEqual([slow, behind].sort());

		const second = await timedPoll({ staticData: first.result.staticData, pollBudgetMs: budgetMs });
		expect(emittedIds(second.result)).toEqual([slow]);
		const item = second.result.items![0][0].json;
		expect(item.rows).toEqual([]);
		expect(item.results_error).toMatch(/could not be read within the time n8n gives a poll \(1 s\), at 2 polls; read them with Run → Get Results/);

		const third = await timedPoll({ staticData: second.result.staticData, pollBudgetMs: budgetMs });
		expect(emittedIds(third.result)).toEqual([behind]);
		expect(third.result.items![0][0].json.rows).toEqual(behindRows);
		for (const { wallMs } of [first, second, third]) expect(wallMs).toBeLessThan(budgetMs + SLACK_MS);
		expect(third.result.staticData).toMatchObject({ inFlight: {}, slowReads: {} });
	});

	it("the transport's retry waits count against the budget: a Retry-After past it ends the read, not the poll", async () => {
		const state = (await poll(emu)).staticData;
		const run = startRun(emu, 'wf_lead', 1, 'r');
		emu.clock.advance(durationMs(1));
		emu.faults.add({ route: 'download_links', type: 'status', status: 503, retryAfter: '20', times: Infinity });
		const budgetMs = 1500;
		const cut = await timedPoll({ staticData: state, pollBudgetMs: budgetMs });
		expect(cut.wallMs).toBeLessThan(budgetMs + SLACK_MS);
		expect(cut.result.items).toBeNull();
		expect(cut.result.staticData).toMatchObject({ inFlight: { [run]: expect.any(Number) } });

		emu.faults.clear();
		const next = await poll(emu, { staticData: cut.result.staticData, pollBudgetMs: budgetMs });
		expect(emittedIds(next)).toEqual([run]);
		expect(next.items![0][0].json.results_error).toBeUndefined();
	});

	it('without getPollBudgetMs (n8n 1.x) a poll reads the whole backlog, as before', async () => {
		const state = (await poll(emu)).staticData;
		const backlog = Array.from({ length: 3 }, (_, i) => startRun(emu, 'wf_lead', 1, `b${i}`));
		emu.clock.advance(durationMs(1));
		emu.faults.add({ route: 'storage', type: 'latency', ms: 700, times: Infinity });
		const polls = await drain(state, {}, 3);
		expect(polls.map(({ result }) => emittedIds(result))).toEqual([byCompletion(backlog), []]);
	});
});
