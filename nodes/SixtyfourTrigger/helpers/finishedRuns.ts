import type { RunSummary } from '../../shared/helpers/apiTypes';
import { finishedAt } from '../../shared/helpers/runTimes';

// Moved to nodes/shared so that both triggers' items share them; re-exported for the poll's own modules.
export { finishedAt, timeOf } from '../../shared/helpers/runTimes';

/** The run endings the trigger can fire on. */
export type TriggerEvent = 'completed' | 'failed' | 'cancelled';

export const TRIGGER_EVENTS: readonly TriggerEvent[] = ['completed', 'failed', 'cancelled'];

/** Completion order, with the job id breaking ties so that every poll orders alike. */
export function compareByFinish(a: RunSummary, b: RunSummary): number {
	const byTime = (finishedAt(a) ?? 0) - (finishedAt(b) ?? 0);
	if (byTime !== 0) return byTime;
	return a.job_id < b.job_id ? -1 : a.job_id > b.job_id ? 1 : 0;
}

/** Whether the run ended in one of the events. */
export function matchesEvents(run: RunSummary, events: readonly TriggerEvent[]): boolean {
	return run.status !== null && (events as readonly string[]).includes(run.status);
}

/** Finished runs that end in one of the events, once each, in completion order. */
export function matchingFinishedRuns(runs: RunSummary[], events: readonly TriggerEvent[]): RunSummary[] {
	const byId = new Map<string, RunSummary>();
	for (const run of runs) {
		if (!matchesEvents(run, events) || finishedAt(run) === undefined) continue;
		byId.set(run.job_id, run);
	}
	return [...byId.values()].sort(compareByFinish);
}

/** The run that finished last, for "Fetch Test Event". */
export function latestFinishedRun(runs: RunSummary[], events: readonly TriggerEvent[]): RunSummary | undefined {
	return matchingFinishedRuns(runs, events).pop();
}
