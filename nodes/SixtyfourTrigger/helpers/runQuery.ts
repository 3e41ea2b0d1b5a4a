import type { TriggerEvent } from './finishedRuns';

/**
 * The runs list's `status` filter for "Fetch Test Event", which looks for one recent finished run:
 * it has no "failed", so failed runs need an unfiltered list; one event of completed or cancelled
 * can be filtered by Sixtyfour, which widens the window a page covers. Polls list without a filter,
 * because they must also see the runs still in flight.
 */
export function statusFilterFor(events: readonly TriggerEvent[]): 'completed' | 'cancelled' | undefined {
	const distinct = [...new Set(events)];
	if (distinct.length !== 1) return undefined;
	const [only] = distinct;
	return only === 'completed' || only === 'cancelled' ? only : undefined;
}
