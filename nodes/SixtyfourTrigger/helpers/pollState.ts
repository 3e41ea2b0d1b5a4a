import type { IDataObject } from 'n8n-workflow';

import type { RunSummary } from '../../Sixtyfour/helpers/apiTypes';
import { finishedAt } from './finishedRuns';

/**
 * What the trigger remembers between polls, as n8n's built-in pollers do: a forward-only cursor on
 * completion time and the ids of the runs emitted exactly at the cursor. Everything that finished
 * before the cursor has been seen. Its size is bounded by the runs that finish in one millisecond,
 * never by how many runs go by.
 */
export interface PollState {
	/** ISO time of the last emitted completion; null while no matching run has finished since activation. */
	cursor: string | null;
	idsAtCursor: string[];
}

/** Before the first activation has recorded anything. */
export const EMPTY_STATE: PollState = { cursor: null, idsAtCursor: [] };

/** The stored state, or undefined when there is none (first activation) or it is unreadable. */
export function readPollState(data: IDataObject): PollState | undefined {
	const { cursor, idsAtCursor } = data;
	const cursorValid = cursor === null || (typeof cursor === 'string' && !Number.isNaN(Date.parse(cursor)));
	const idsValid = Array.isArray(idsAtCursor) && idsAtCursor.every((id) => typeof id === 'string');
	if (!cursorValid || !idsValid) return undefined;
	return { cursor: cursor as string | null, idsAtCursor: [...(idsAtCursor as string[])] };
}

/**
 * The state after emitting `emitted` (new runs, in completion order): the cursor moves to the last
 * one's completion, and only ids finished exactly there are kept.
 */
export function advanceState(state: PollState, emitted: RunSummary[]): PollState {
	if (emitted.length === 0) return state;
	const last = finishedAt(emitted[emitted.length - 1]) as number;
	const cursor = new Date(last).toISOString();
	const atLast = emitted.filter((run) => finishedAt(run) === last).map((run) => run.job_id);
	const kept = state.cursor !== null && Date.parse(state.cursor) === last ? state.idsAtCursor : [];
	return { cursor, idsAtCursor: [...new Set([...kept, ...atLast])] };
}

export function stateEquals(a: PollState, b: PollState): boolean {
	if (a.cursor !== b.cursor || a.idsAtCursor.length !== b.idsAtCursor.length) return false;
	const ids = new Set(a.idsAtCursor);
	return b.idsAtCursor.every((id) => ids.has(id));
}
