import { MAX_RUNS_WINDOW } from '../../../../nodes/shared/helpers/apiTypes';
import { finishedAt } from '../../../../nodes/SixtyfourTrigger/helpers/finishedRuns';
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
import { ms, queuedRun, state } from '../../../harness/kits/runSummaries';

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

