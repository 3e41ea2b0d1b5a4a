import type { IDataObject } from 'n8n-workflow';

import { MAX_RUNS_WINDOW, type RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { finishedAt, latestFinishedRun } from '../../../../nodes/SixtyfourTrigger/helpers/finishedRuns';
import { readPollState, writePollState, type PollState } from '../../../../nodes/SixtyfourTrigger/helpers/pollState';
import { statusFilterFor } from '../../../../nodes/SixtyfourTrigger/helpers/runQuery';
import { dropBaseline, keepBaseline, keptBaseline } from '../../../../nodes/SixtyfourTrigger/helpers/activationBaseline';
import {
	baselineState,
	BLIND_CHECKS_PER_POLL,
	MAX_FAILED_READS,
	MAX_SLOW_READS,
	OVERLAP_MS,
	pageFallsShort,
	PollRound,
	reachesHorizon,
	STATUS_CHECKS_PER_POLL,
} from '../../../../nodes/SixtyfourTrigger/helpers/runTracker';
import { itemsForRun } from '../../../../nodes/shared/triggerItems';

function run(jobId: string, status: RunSummary['status'], completedAt: string | null, extra: Partial<RunSummary> = {}): RunSummary {
	return {
		job_id: jobId,
		workflow_id: 'wf_lead',
		workflow_name: 'Lead Enrichment',
		status,
		step: null,
		user_id: 'user_1',
		created_at: '2026-02-12T09:00:00Z',
		updated_at: completedAt ?? '2026-02-12T09:00:05Z',
		queued_at: '2026-02-12T09:00:00Z',
		started_at: '2026-02-12T09:00:01Z',
		completed_at: completedAt,
		duration_ms: null,
		status_reason: null,
		error_message: null,
		metrics: null,
		blocks_count: 2,
		...extra,
	};
}

const at = (seconds: number) => new Date(Date.UTC(2026, 1, 12, 9, 0, seconds)).toISOString();

describe('finishedAt', () => {
	it('is completed_at for a finished run and undefined for one still going', () => {
		expect(finishedAt(run('a', 'completed', '2026-02-12T09:15:00Z'))).toBe(Date.parse('2026-02-12T09:15:00Z'));
		expect(finishedAt(run('b', 'running', null))).toBeUndefined();
		expect(finishedAt(run('c', 'queued', null))).toBeUndefined();
	});

	it('falls back to updated_at for a failed or cancelled run without completed_at', () => {
		expect(finishedAt(run('a', 'failed', null, { updated_at: '2026-02-12T09:20:00.5Z' }))).toBe(
			Date.parse('2026-02-12T09:20:00.500Z'),
		);
		expect(finishedAt(run('b', 'cancelled', null, { updated_at: 'not a date' }))).toBeUndefined();
	});

	it('reads microsecond timestamps to the millisecond', () => {
		expect(finishedAt(run('a', 'completed', '2026-02-12T09:15:00.123456Z'))).toBe(Date.parse('2026-02-12T09:15:00.123Z'));
	});
});

const ms = (seconds: number) => Date.UTC(2026, 1, 12, 9, 0, seconds);

/** A run queued at second `queued`, finished at second `done` (null: still running). */
function queuedRun(jobId: string, queued: number, done: number | null, status?: RunSummary['status']): RunSummary {
	return run(jobId, status ?? (done === null ? 'running' : 'completed'), done === null ? null : at(done), { queued_at: at(queued), created_at: at(queued) });
}

const state = (partial: Partial<PollState>): PollState => ({ horizon: null, cursor: null, fired: {}, inFlight: {}, failedReads: {}, slowReads: {}, ...partial });

describe('latestFinishedRun', () => {
	it('finds the latest matching run for the test event', () => {
		const runs = [queuedRun('a', 1, 30), queuedRun('b', 2, 20), queuedRun('c', 3, 40, 'failed')];
		expect(latestFinishedRun(runs, ['completed'])?.job_id).toBe('a');
		expect(latestFinishedRun(runs, ['completed', 'failed'])?.job_id).toBe('c');
	});
});

describe('baselineState', () => {
	it('counts what finished as the past, watches what is in flight, and sets the horizon', () => {
		const runs = [queuedRun('new', 50, null, 'queued'), queuedRun('going', 40, null), queuedRun('done', 10, 30), queuedRun('old', 1, 5, 'failed')];
		expect(baselineState(runs, ['completed', 'failed'])).toEqual(
			state({ horizon: ms(50), cursor: ms(30), fired: { done: ms(30), old: ms(5) }, inFlight: { new: ms(50), going: ms(40) } }),
		);
	});

	it('takes the newest time the page shows as the cursor when nothing of the events finished', () => {
		const runs = [queuedRun('going', 40, null), queuedRun('failed', 10, 30, 'failed')];
		expect(baselineState(runs, ['completed']).cursor).toBe(ms(40));
		expect(baselineState([], ['completed'])).toEqual(state({}));
	});
});

describe('pageFallsShort and reachesHorizon', () => {
	const page = [queuedRun('c', 30, null), queuedRun('b', 20, null)];
	it('is satisfied by a page that is not full', () => {
		expect(reachesHorizon(page, 3, state({ horizon: ms(40) }))).toBe(true);
		expect(pageFallsShort(page, 3, state({ horizon: ms(40), inFlight: { a: ms(1) } }))).toBe(false);
	});

	it('widens a full page that does not reach back before the horizon', () => {
		expect(pageFallsShort(page, 2, state({ horizon: ms(20) }))).toBe(true);
		expect(pageFallsShort(page, 2, state({ horizon: null }))).toBe(true);
		expect(pageFallsShort(page, 2, state({ horizon: ms(21) }))).toBe(false);
	});

	it('widens a full page that misses a run in flight queued before it', () => {
		expect(pageFallsShort(page, 2, state({ horizon: ms(25), inFlight: { a: ms(19) } }))).toBe(true);
		expect(pageFallsShort(page, 2, state({ horizon: ms(25), inFlight: { b: ms(20) } }))).toBe(false);
	});
});

describe('PollRound', () => {
	it('a finished run without completed_at or updated_at: fired once if it was watched in flight or queued after the last poll, with the cursor left alone; else taken for the past', () => {
		const timeless = { ...queuedRun('watched', 5, null), status: 'completed' as const, updated_at: null };
		const stranger = { ...timeless, job_id: 'stranger' };
		const newcomer = { ...queuedRun('newcomer', 30, null), status: 'completed' as const, updated_at: null };
		const round = new PollRound(state({ cursor: ms(10), horizon: ms(20), inFlight: { watched: ms(5) } }), ['completed'], ms(50));
		round.observeList([newcomer, timeless, stranger]);
		expect(round.due().map((r) => r.job_id)).toEqual(['newcomer', 'watched']);
		round.fire(newcomer);
		round.fire(timeless);
		const stored = round.finish();
		expect(stored).toMatchObject({ cursor: ms(10), fired: { watched: ms(10), newcomer: ms(10) }, inFlight: {} });
		const next = new PollRound(stored, ['completed'], ms(60));
		next.observeList([timeless, stranger, newcomer]);
		expect(next.due()).toEqual([]);
		expect(baselineState([timeless, queuedRun('done', 1, 20)], ['completed']).cursor).toBe(ms(20));
	});

	it('fires a run seen in flight however far behind the cursor its completion lies', () => {
		const round = new PollRound(state({ cursor: ms(3600), inFlight: { long: ms(0) } }), ['completed']);
		round.observeList([queuedRun('long', 0, 10)]);
		expect(round.due().map((r) => r.job_id)).toEqual(['long']);
	});

	it('fires a completion that turns up behind the cursor within the overlap window, once', () => {
		const late = queuedRun('late', 100, 200);
		const cursor = ms(200) + OVERLAP_MS - 1;
		const round = new PollRound(state({ cursor }), ['completed']);
		round.observeList([late]);
		expect(round.due()).toEqual([late]);
		round.fire(late);
		const next = new PollRound(round.finish(), ['completed']);
		next.observeList([late]);
		expect(next.due()).toEqual([]);
	});

	it('takes a completion older than the overlap window for the past unless it was in flight', () => {
		const round = new PollRound(state({ cursor: ms(200) + OVERLAP_MS + 1 }), ['completed']);
		round.observeList([queuedRun('old', 100, 200)]);
		expect(round.due()).toEqual([]);
	});

	it('compares with the cursor the poll started with, not with completions fired in it', () => {
		const round = new PollRound(state({ cursor: ms(10) }), ['completed']);
		const early = queuedRun('early', 11, 12);
		const later = queuedRun('later', 11, 12 + OVERLAP_MS / 1000 + 60);
		round.observeList([later, early]);
		expect(round.due()).toEqual([early, later]);
	});

	it('watches runs seen unfinished, and forgets runs that ended in an event not chosen', () => {
		const round = new PollRound(state({ cursor: ms(0), inFlight: { gone: ms(1) } }), ['completed']);
		round.observeList([queuedRun('new', 5, null, 'queued'), queuedRun('gone', 1, 4, 'failed')]);
		expect(round.finish().inFlight).toEqual({ new: ms(5) });
		expect(round.state.horizon).toBe(ms(5));
	});

	it.each(['constructor', 'toString', 'hasOwnProperty'])('a run whose id is "%s" is fired once, like any other', (id) => {
		const round = new PollRound(state({ cursor: ms(10) }), ['completed']);
		round.observeList([queuedRun(id, 1, 20)]);
		expect(round.due().map((r) => r.job_id)).toEqual([id]);
		round.fire(queuedRun(id, 1, 20));
		const next = new PollRound(round.finish(), ['completed']);
		next.observeList([queuedRun(id, 1, 20)]);
		expect(next.due()).toEqual([]);
	});

	it('never watches again a run it fired', () => {
		const round = new PollRound(state({ cursor: ms(10), fired: { a: ms(10) } }), ['completed']);
		round.observe(queuedRun('a', 1, null));
		expect(round.state.inFlight).toEqual({});
	});

	it('checks the runs in flight that the active list should show but does not, a bounded number', () => {
		const inFlight = Object.fromEntries(Array.from({ length: STATUS_CHECKS_PER_POLL + 10 }, (_, i) => [`r${i}`, ms(i)]));
		const round = new PollRound(state({ cursor: ms(0), inFlight }), ['completed']);
		round.observeList([queuedRun('r0', 0, null)]);
		const checks = round.statusChecks([]);
		expect(checks).toEqual(Array.from({ length: STATUS_CHECKS_PER_POLL }, (_, i) => `r${i + 1}`));
	});

	it('checks a few runs beyond the reach of a full active list, in turn', () => {
		const inFlight = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`r${i}`, ms(i)]));
		const round = new PollRound(state({ cursor: ms(0), inFlight }), ['completed']);
		const active = Array.from({ length: MAX_RUNS_WINDOW }, (_, i) => queuedRun(`a${i}`, 40 + i, null));
		round.observeList(active);
		expect(round.statusChecks(active)).toEqual(Array.from({ length: BLIND_CHECKS_PER_POLL }, (_, i) => `r${i}`));
		round.stillGoing('r0');
		expect(round.statusChecks(active)[BLIND_CHECKS_PER_POLL - 1]).toBe(`r${BLIND_CHECKS_PER_POLL}`);
	});

	it('retries a run whose results fail, and gives up after a bounded number of polls', () => {
		let stored = state({ cursor: ms(0) });
		const broken = queuedRun('broken', 1, 2);
		for (let poll = 1; poll < MAX_FAILED_READS; poll++) {
			const round = new PollRound(stored, ['completed']);
			round.observeList([broken]);
			expect(round.due()).toEqual([broken]);
			expect(round.failRead(broken)).toBe(false);
			stored = round.finish();
			expect(stored.failedReads).toEqual({ broken: poll });
			expect(stored.inFlight).toEqual({ broken: ms(1) });
		}
		const last = new PollRound(stored, ['completed']);
		last.observeList([broken]);
		expect(last.failRead(broken)).toBe(true);
		last.fire(broken);
		expect(last.finish()).toEqual(state({ horizon: ms(1), cursor: ms(2), fired: { broken: ms(2) } }));
	});

	it('leaves a run not read in time to the next poll, where it comes before every run that finished after it', () => {
		const early = queuedRun('early', 1, 3);
		const late = queuedRun('late', 2, 4);
		const round = new PollRound(state({ cursor: ms(0) }), ['completed']);
		round.observeList([late, early]);
		expect(round.due()).toEqual([early, late]);
		round.leaveForNextPoll(early);
		round.leaveForNextPoll(late);
		const stored = round.finish();
		expect(stored).toMatchObject({ cursor: ms(0), inFlight: { early: ms(1), late: ms(2) }, slowReads: {}, failedReads: {} });

		const next = new PollRound(stored, ['completed']);
		next.observeList([late, early]);
		expect(next.due()).toEqual([early, late]);
	});

	it(`counts the polls a run's rows outlast, and says to fire it without them at the ${MAX_SLOW_READS}nd`, () => {
		let stored = state({ cursor: ms(0) });
		const slow = queuedRun('slow', 1, 2);
		for (let poll = 1; poll < MAX_SLOW_READS; poll++) {
			const round = new PollRound(stored, ['completed']);
			round.observeList([slow]);
			expect(round.slowRead(slow)).toBe(false);
			round.leaveForNextPoll(slow);
			stored = round.finish();
			expect(stored.slowReads).toEqual({ slow: poll });
		}
		const last = new PollRound(stored, ['completed']);
		last.observeList([slow]);
		expect(last.slowRead(slow)).toBe(true);
		last.fire(slow);
		expect(last.finish()).toMatchObject({ inFlight: {}, slowReads: {}, fired: { slow: ms(2) } });
	});

	it('keeps only the runs fired within the overlap window', () => {
		const round = new PollRound(state({ cursor: ms(0), fired: { old: ms(0) } }), ['completed']);
		const recent = queuedRun('recent', 1, 2 + OVERLAP_MS / 1000);
		round.observeList([recent]);
		round.fire(recent);
		expect(round.finish().fired).toEqual({ recent: finishedAt(recent) });
	});
});

describe('readPollState and writePollState', () => {
	it('reads what it wrote, and rejects what is not a state', () => {
		const data = {};
		const stored = state({ horizon: ms(5), cursor: ms(4), fired: { a: ms(4) }, inFlight: { b: ms(5) }, failedReads: { b: 1 } });
		writePollState(data, stored);
		expect(readPollState(JSON.parse(JSON.stringify(data)))).toEqual(stored);
		expect(readPollState({})).toBeUndefined();
		expect(readPollState({ ...data, fired: ['a'] })).toBeUndefined();
	});

	it('reads a state from 0.2.0, which had no slowReads', () => {
		const { slowReads, ...stored020 } = state({ cursor: ms(4), inFlight: { a: ms(3) } });
		expect(slowReads).toEqual({});
		expect(readPollState(stored020 as unknown as IDataObject)).toEqual(state({ cursor: ms(4), inFlight: { a: ms(3) } }));
	});

	it('carries over the cursor and the ids at it from version 0.1.0', () => {
		expect(readPollState({ cursor: at(4), idsAtCursor: ['a', 'b'] })).toEqual(state({ cursor: ms(4), fired: { a: ms(4), b: ms(4) } }));
		expect(readPollState({ cursor: null, idsAtCursor: [] })).toEqual(state({}));
		const data: IDataObject = { cursor: at(4), idsAtCursor: ['a'] };
		writePollState(data, state({ cursor: ms(4) }));
		expect(data.idsAtCursor).toBeUndefined();
	});

	it('leaves static data untouched when the state did not change', () => {
		const stored = state({ cursor: ms(4) });
		const data: IDataObject = {};
		writePollState(data, stored);
		const fired = data.fired;
		writePollState(data, state({ cursor: ms(4) }));
		expect(data.fired).toBe(fired);
	});
});

describe('the activation baseline kept in the workflow static data', () => {
	it('keeps a copy per node name, reads it back as a state, and drops it', () => {
		const workflowData: IDataObject = { other: 1 };
		const baseline = state({ horizon: ms(2), cursor: ms(1), inFlight: { a: ms(2) } });
		keepBaseline(workflowData, 'Sixtyfour Trigger', baseline);
		expect(keptBaseline(JSON.parse(JSON.stringify(workflowData)), 'Sixtyfour Trigger')).toEqual(baseline);
		expect(keptBaseline(workflowData, 'Another Trigger')).toBeUndefined();
		dropBaseline(workflowData, 'Sixtyfour Trigger');
		expect(workflowData).toEqual({ other: 1 });
	});

	it('reads only its own keys: inherited names and unreadable copies count as none', () => {
		for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(keptBaseline({}, name)).toBeUndefined();
		expect(keptBaseline({ 'sixtyfourTriggerBaseline:T': 'not a state' }, 'T')).toBeUndefined();
		expect(keptBaseline({ 'sixtyfourTriggerBaseline:T': { cursor: 'x' } }, 'T')).toBeUndefined();
	});
});

describe('statusFilterFor', () => {
	it('filters at Sixtyfour only for exactly one of completed or cancelled', () => {
		expect(statusFilterFor(['completed'])).toBe('completed');
		expect(statusFilterFor(['cancelled', 'cancelled'])).toBe('cancelled');
		expect(statusFilterFor(['failed'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'cancelled'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'failed'])).toBeUndefined();
	});
});

describe('itemsForRun', () => {
	const finished = run('run_1', 'completed', '2026-02-12T09:15:00Z');
	const file = (block: number, rows: object[]) => ({
		file: {
			filename: `results_block_${block}.csv`,
			block_number: block,
			row_count: rows.length,
			storage_bucket: null,
			created_at: null,
			message: null,
			download_url: null,
			download_expires_in_seconds: null,
		},
		rows: rows as Array<Record<string, string>>,
	});

	const observed = { atMs: Date.parse('2026-02-12T10:00:00Z'), source: 'observed' as const };

	it('gives the metadata only when results are not included', () => {
		expect(itemsForRun(finished, 'row', observed)).toEqual([{ json: { ...finished, finished_at: '2026-02-12T09:15:00.000Z', finished_at_source: 'completed_at' } }]);
	});

	it('a run without completed_at finished at its updated_at; without either, at the fallback, and says which', () => {
		const updatedOnly = { ...finished, completed_at: null };
		expect(itemsForRun(updatedOnly, 'run', observed)[0].json).toMatchObject({ finished_at: finished.updated_at && new Date(finished.updated_at).toISOString(), finished_at_source: 'updated_at' });
		const bare = { ...finished, completed_at: null, updated_at: null };
		expect(itemsForRun(bare, 'run', observed)[0].json).toMatchObject({ finished_at: '2026-02-12T10:00:00.000Z', finished_at_source: 'observed' });
		const received = { atMs: Date.parse('2026-02-12T11:00:00Z'), source: 'received' as const };
		expect(itemsForRun({ ...bare, completed_at: 'not a date' }, 'row', received, { files: [] })[0].json).toMatchObject({
			sixtyfour_finished_at: '2026-02-12T11:00:00.000Z',
			sixtyfour_finished_at_source: 'received',
		});
	});

	it('gives one item per run with its rows', () => {
		const [item] = itemsForRun(finished, 'run', observed, { files: [file(1, [{ a: '1' }]), file(2, [{ b: '2' }])] });
		expect(item.json.rows).toEqual([{ a: '1' }, { b: '2' }]);
		expect(item.json.result_files).toEqual([
			{ filename: 'results_block_1.csv', block_number: 1, row_count: 1, rows_read: 1 },
			{ filename: 'results_block_2.csv', block_number: 2, row_count: 1, rows_read: 1 },
		]);
	});

	it('gives one item per row with the run metadata, and one metadata item for a run without rows', () => {
		const metadata = {
			sixtyfour_job_id: 'run_1',
			sixtyfour_workflow_id: 'wf_lead',
			sixtyfour_workflow_name: 'Lead Enrichment',
			sixtyfour_status: 'completed',
			sixtyfour_finished_at: '2026-02-12T09:15:00.000Z',
			sixtyfour_finished_at_source: 'completed_at',
		};
		expect(itemsForRun(finished, 'row', observed, { files: [file(2, [{ name: 'Acme' }, { name: 'Beta' }])] })).toEqual([
			{ json: { name: 'Acme', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
			{ json: { name: 'Beta', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
		]);
		expect(itemsForRun(finished, 'row', observed, { files: [], error: 'no block 3' })).toEqual([
			{ json: { ...metadata, sixtyfour_error_message: null, sixtyfour_results_error: 'no block 3' } },
		]);
	});
});
