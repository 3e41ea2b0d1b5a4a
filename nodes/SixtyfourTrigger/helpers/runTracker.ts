import { isFinished, MAX_RUNS_WINDOW, type RunSummary } from '../../shared/helpers/apiTypes';
import { compareByFinish, finishedAt, matchesEvents, timeOf, type TriggerEvent } from './finishedRuns';
import type { PollState } from './pollState';
import { hasOwn } from '../../shared/helpers/ownProperty';

/*
 * Why every finished run fires exactly once (what each poll does, at least once, at most once, and
 * the one window in which a run can escape): docs/exactly-once.md, the one full statement.
 */

/** How far behind the newest completion fired a completion may turn up and still fire. */
export const OVERLAP_MS = 15 * 60_000;
/** Live status requests a poll makes at most for runs in flight that no list shows but should: they have ended. */
export const STATUS_CHECKS_PER_POLL = 50;
/** ... and for runs in flight beyond the reach of every list, which are most likely still going. */
export const BLIND_CHECKS_PER_POLL = 10;
/** Polls at which a run's results may fail to read before it fires with `results_error`. */
export const MAX_FAILED_READS = 10;
/** Polls whose whole time budget a run's rows may outlast before it fires without them, with `results_error`. */
export const MAX_SLOW_READS = 2;

/** When a run was queued, in ms; runs without the field count as queued at 0. */
export function queuedAt(run: RunSummary): number {
	return timeOf(run.queued_at) ?? timeOf(run.created_at) ?? 0;
}

function oldestQueued(runs: RunSummary[]): number {
	return runs.reduce((oldest, run) => Math.min(oldest, queuedAt(run)), Infinity);
}

function newestQueued(runs: RunSummary[]): number | null {
	return runs.length === 0 ? null : runs.reduce((newest, run) => Math.max(newest, queuedAt(run)), -Infinity);
}

/** The newest time the page shows: the API's "now", as near as a runs list tells it. */
function newestTime(runs: RunSummary[]): number | null {
	let newest: number | null = null;
	for (const run of runs) {
		for (const value of [run.queued_at, run.updated_at, run.completed_at]) {
			const time = timeOf(value);
			if (time !== undefined && (newest === null || time > newest)) newest = time;
		}
	}
	return newest;
}

/**
 * The state at first activation: what is finished now is the past, what is in flight is watched.
 * The cursor is the newest completion of the events, else the newest time the page shows.
 */
export function baselineState(runs: RunSummary[], events: readonly TriggerEvent[]): PollState {
	// A finished run that carries no finish time cannot be placed against a cursor: it is the past.
	const finished = runs.filter((run) => isFinished(run.status) && matchesEvents(run, events) && finishedAt(run) !== undefined);
	const completions = finished.map((run) => finishedAt(run) as number);
	const cursor = completions.length > 0 ? Math.max(...completions) : newestTime(runs);
	const fired: Record<string, number> = {};
	finished.forEach((run, i) => {
		if (cursor !== null && completions[i] >= cursor - OVERLAP_MS) fired[run.job_id] = completions[i];
	});
	const inFlight: Record<string, number> = {};
	for (const run of runs) if (!isFinished(run.status)) inFlight[run.job_id] = queuedAt(run);
	return { horizon: newestQueued(runs), cursor, fired, inFlight, failedReads: {}, slowReads: {} };
}

/** Whether a full page reaches back to the horizon: it then shows every run queued since the last poll. */
export function reachesHorizon(runs: RunSummary[], limit: number, state: PollState): boolean {
	if (runs.length < limit) return true;
	return state.horizon !== null && oldestQueued(runs) < state.horizon;
}

/** Whether a page should be widened: it misses runs queued since the last poll, or runs in flight. */
export function pageFallsShort(runs: RunSummary[], limit: number, state: PollState): boolean {
	if (!reachesHorizon(runs, limit, state)) return true;
	if (runs.length < limit) return false;
	const oldest = oldestQueued(runs);
	return Object.values(state.inFlight).some((queued) => queued < oldest);
}

/**
 * One poll's bookkeeping over a copy of the stored state. Lists and live statuses are fed in as
 * they arrive; `fire` and `failRead` record outcomes; `finish` gives the state to store.
 */
export class PollRound {
	readonly state: PollState;
	/** The cursor the poll started with: step 4 compares against it, not against completions fired in this poll. */
	private readonly cursorAtStart: number | null;
	/** The horizon the poll started with: a run queued after it is new. */
	private readonly horizonAtStart: number | null;
	private readonly seen = new Set<string>();
	private readonly candidates = new Map<string, RunSummary>();

	constructor(
		stored: PollState,
		private readonly events: readonly TriggerEvent[],
		private readonly nowMs = Date.now(),
	) {
		this.state = {
			horizon: stored.horizon,
			cursor: stored.cursor,
			fired: { ...stored.fired },
			inFlight: { ...stored.inFlight },
			failedReads: { ...stored.failedReads },
			slowReads: { ...stored.slowReads },
		};
		this.cursorAtStart = stored.cursor;
		this.horizonAtStart = stored.horizon;
	}

	/**
	 * A run without a finish time cannot be placed against the cursor: it is due when it was watched
	 * in flight, or when it was queued after every run the last poll saw (step 4's case (b) by its
	 * queue time instead of its completion).
	 */
	private isDue(run: RunSummary): boolean {
		const id = run.job_id;
		const finished = finishedAt(run);
		// Own keys only: a run id such as "constructor" is not one every object already holds.
		if (hasOwn(this.state.fired, id)) return false;
		if (hasOwn(this.state.inFlight, id)) return true;
		if (finished === undefined) return this.horizonAtStart === null || queuedAt(run) > this.horizonAtStart;
		return this.cursorAtStart === null || finished >= this.cursorAtStart - OVERLAP_MS;
	}

	/** A run as a list or its live status shows it. */
	observe(run: RunSummary): void {
		const id = run.job_id;
		this.seen.add(id);
		if (!isFinished(run.status)) {
			if (!hasOwn(this.state.fired, id) && !hasOwn(this.state.inFlight, id)) this.state.inFlight[id] = queuedAt(run);
			return;
		}
		if (!matchesEvents(run, this.events)) {
			this.forget(id);
			return;
		}
		if (this.isDue(run)) this.candidates.set(id, run);
	}

	/** Every run of a list; the horizon moves to the newest queued among them. */
	observeList(runs: RunSummary[]): void {
		for (const run of runs) this.observe(run);
		const newest = newestQueued(runs);
		if (newest !== null && (this.state.horizon === null || newest > this.state.horizon)) this.state.horizon = newest;
	}

	/** Runs in flight that no list of this poll has shown, oldest first. */
	unseenInFlight(): string[] {
		return Object.keys(this.state.inFlight).filter((id) => !this.seen.has(id));
	}

	/**
	 * Runs in flight to ask the live status of, after every list of the poll: those the active list
	 * should show but does not (they have ended) first, then, in the order they were last checked,
	 * a few beyond the active list's reach (which may have failed: no list filters failed runs).
	 */
	statusChecks(active: RunSummary[]): string[] {
		const activeIsWhole = active.length < MAX_RUNS_WINDOW;
		const activeReach = oldestQueued(active);
		const ended: string[] = [];
		const blind: string[] = [];
		for (const id of this.unseenInFlight()) (activeIsWhole || this.state.inFlight[id] > activeReach ? ended : blind).push(id);
		return [...ended.slice(0, STATUS_CHECKS_PER_POLL), ...blind.slice(0, BLIND_CHECKS_PER_POLL)];
	}

	/** A run in flight whose live status says it is still going: it goes to the back of the check order. */
	stillGoing(id: string): void {
		const queued = this.state.inFlight[id];
		if (queued === undefined) return;
		delete this.state.inFlight[id];
		this.state.inFlight[id] = queued;
	}

	/** A run that needs no more watching: gone (404), out of scope, or ended in an event not chosen. */
	forget(id: string): void {
		delete this.state.inFlight[id];
		delete this.state.failedReads[id];
		delete this.state.slowReads[id];
	}

	queuedAtOf(id: string): number | undefined {
		return this.state.inFlight[id];
	}

	/** The runs to fire, in completion order. */
	due(): RunSummary[] {
		return [...this.candidates.values()].sort(compareByFinish);
	}

	/**
	 * A run without a finish time is kept in `fired` at the cursor (or now, before there is one) and
	 * leaves the cursor where it is: the time it was read is not when it finished.
	 */
	fire(run: RunSummary): void {
		const finished = finishedAt(run);
		this.forget(run.job_id);
		this.state.fired[run.job_id] = finished ?? this.state.cursor ?? this.nowMs;
		if (finished !== undefined && (this.state.cursor === null || finished > this.state.cursor)) this.state.cursor = finished;
	}

	/**
	 * A run whose results could not be read: it stays in flight to be retried at the next poll.
	 * @returns whether it has failed often enough to fire with the error instead
	 */
	failRead(run: RunSummary): boolean {
		const failures = (this.state.failedReads[run.job_id] ?? 0) + 1;
		if (failures >= MAX_FAILED_READS) return true;
		this.leaveForNextPoll(run);
		this.state.failedReads[run.job_id] = failures;
		return false;
	}

	/**
	 * A finished run whose rows this poll had no time to read: it stays in flight, so the next poll
	 * takes it again, before every run that finished after it.
	 */
	leaveForNextPoll(run: RunSummary): void {
		this.state.inFlight[run.job_id] = this.state.inFlight[run.job_id] ?? queuedAt(run);
	}

	/**
	 * A run whose rows outlasted the whole time of a poll (it was read first). The caller leaves it
	 * for the next poll, unless MAX_SLOW_READS polls have run out on it.
	 * @returns whether to fire it without its rows instead, so that it cannot starve the runs behind it
	 */
	slowRead(run: RunSummary): boolean {
		const misses = (this.state.slowReads[run.job_id] ?? 0) + 1;
		if (misses >= MAX_SLOW_READS) return true;
		this.state.slowReads[run.job_id] = misses;
		return false;
	}

	/** The state to store: fired runs further than the overlap window behind the cursor are dropped. */
	finish(): PollState {
		const { cursor, fired } = this.state;
		if (cursor !== null) {
			for (const [id, time] of Object.entries(fired)) if (time < cursor - OVERLAP_MS) delete fired[id];
		}
		return this.state;
	}
}
