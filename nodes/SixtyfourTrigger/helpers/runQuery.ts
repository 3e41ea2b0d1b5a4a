import type { RunSummary } from '../../Sixtyfour/helpers/apiTypes';
import type { PollState } from './pollState';
import { finishedAt, isUnseen, type TriggerEvent } from './finishedRuns';

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

function queuedTime(run: RunSummary): number {
	const ms = Date.parse(run.queued_at ?? run.created_at ?? '');
	return Number.isNaN(ms) ? -Infinity : ms;
}

/**
 * Whether more runs may have finished since the cursor than one page shows. The list is newest
 * queued first with no paging, so a full page hides every run queued before its oldest. When that
 * oldest run is one the state has already seen, the page reaches back into known ground; when it
 * is new or still going (for instance a page queued entirely after the cursor), runs just beyond
 * the page may have finished out of sight.
 */
export function pageMayHaveOverflowed(runs: RunSummary[], limit: number, state: PollState): boolean {
	if (runs.length < limit) return false;
	const oldest = Math.min(...runs.map(queuedTime));
	return runs.filter((run) => queuedTime(run) === oldest).some((run) => finishedAt(run) === undefined || isUnseen(run, state));
}
