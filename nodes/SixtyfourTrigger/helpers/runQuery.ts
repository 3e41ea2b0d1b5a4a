import type { RunSummary } from '../../Sixtyfour/helpers/apiTypes';
import type { PollState } from './pollState';
import type { TriggerEvent } from './finishedRuns';

/**
 * The runs list's `status` filter for the chosen events. It has no "failed", so failed runs need an
 * unfiltered list; one event of completed or cancelled can be filtered by Sixtyfour, which widens
 * the window a page covers.
 */
export function statusFilterFor(events: readonly TriggerEvent[]): 'completed' | 'cancelled' | undefined {
	const distinct = [...new Set(events)];
	if (distinct.length !== 1) return undefined;
	const [only] = distinct;
	return only === 'completed' || only === 'cancelled' ? only : undefined;
}

function queuedTime(run: RunSummary): number | undefined {
	const ms = Date.parse(run.queued_at ?? run.created_at ?? '');
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Whether more runs may have finished since the cursor than one page shows. The list is newest
 * queued first with no paging: when the page is full and even its oldest run was queued after the
 * cursor, runs queued between the cursor and that run are out of sight.
 */
export function pageMayHaveOverflowed(runs: RunSummary[], limit: number, state: PollState): boolean {
	if (runs.length < limit) return false;
	if (state.cursor === null) return true;
	const cursor = Date.parse(state.cursor);
	const times = runs.map(queuedTime).filter((time): time is number => time !== undefined);
	return times.length === 0 || Math.min(...times) > cursor;
}
