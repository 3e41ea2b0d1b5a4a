import type { IDataObject } from 'n8n-workflow';

import { hasOwn } from '../../shared/helpers/ownProperty';

/**
 * What the trigger remembers between polls, in the workflow's static data. Times are the API's
 * clock, in ms since 1970. Its size is bounded by the runs in flight plus the runs fired within the
 * overlap window (see runTracker.ts), never by how many runs go by.
 */
export interface PollState {
	/** queued_at of the newest run a poll has seen: every run queued after it is new. Null while none has been seen. */
	horizon: number | null;
	/** The latest completion fired (at first activation: the newest time the runs list showed). Null while the account had no runs. */
	cursor: number | null;
	/** Runs fired whose completion lies within the overlap window before the cursor: id → completion time. */
	fired: Record<string, number>;
	/** Runs seen queued or running, or finished with results not read yet, and not fired: id → queued_at. Insertion order is the order their live status is checked in. */
	inFlight: Record<string, number>;
	/** Failed reads of the results of runs in flight: id → how many polls failed. */
	failedReads: Record<string, number>;
	/** Runs whose rows could not be read within a whole poll's time budget: id → how many polls ran out on them. */
	slowReads: Record<string, number>;
}

const KEYS = ['horizon', 'cursor', 'fired', 'inFlight', 'failedReads', 'slowReads'] as const;

/** A state with nothing seen yet. */
export function emptyPollState(): PollState {
	return { horizon: null, cursor: null, fired: {}, inFlight: {}, failedReads: {}, slowReads: {} };
}

function isTime(value: unknown): value is number | null {
	return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isTimeMap(value: unknown): value is Record<string, number> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'number');
}

/**
 * The state 0.1.0 stored (an ISO cursor and the ids fired at it), carried over so that an upgrade
 * neither loses nor repeats a run: the ids at the cursor count as fired, and the first poll after it
 * fetches the largest page because no horizon is known.
 */
function migrateCursorState(data: IDataObject): PollState | undefined {
	const { cursor, idsAtCursor } = data;
	if (!Array.isArray(idsAtCursor) || !idsAtCursor.every((id) => typeof id === 'string')) return undefined;
	if (cursor === null) return emptyPollState();
	const time = typeof cursor === 'string' ? Date.parse(cursor) : NaN;
	if (Number.isNaN(time)) return undefined;
	const fired = Object.fromEntries((idsAtCursor as string[]).map((id) => [id, time]));
	return { ...emptyPollState(), cursor: time, fired };
}

/** The stored state, or undefined when there is none (first activation) or it is unreadable. 0.2.0 stored no `slowReads`. */
export function readPollState(data: IDataObject): PollState | undefined {
	if (hasOwn(data, 'idsAtCursor')) return migrateCursorState(data);
	const { horizon, cursor, fired, inFlight, failedReads, slowReads = {} } = data;
	if (!isTime(horizon) || !isTime(cursor) || !isTimeMap(fired) || !isTimeMap(inFlight) || !isTimeMap(failedReads) || !isTimeMap(slowReads)) {
		return undefined;
	}
	return { horizon, cursor, fired: { ...fired }, inFlight: { ...inFlight }, failedReads: { ...failedReads }, slowReads: { ...slowReads } };
}

/** Writes the state into static data, only when it differs, so that n8n saves the workflow only then. */
export function writePollState(data: IDataObject, state: PollState): void {
	const stored = readPollState(data);
	if (stored !== undefined && !hasOwn(data, 'idsAtCursor') && JSON.stringify(stored) === JSON.stringify(state)) return;
	delete data.idsAtCursor;
	for (const key of KEYS) data[key] = state[key];
}
