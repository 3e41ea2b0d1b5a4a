import { isFinished, type RunSummary } from './apiTypes';

/** A timestamp in ms, or undefined when it is missing or not a date. */
export function timeOf(value: string | null | undefined): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/** Which of the run's own fields a finish time was read from. */
export type FinishSource = 'completed_at' | 'updated_at';

/**
 * The run's own finish time and the field it came from: completed_at, else updated_at (failed and
 * cancelled runs may lack completed_at: their last update is when they stopped); undefined when
 * neither is a date. The status is not looked at: a caller that fires the run knows it finished.
 */
export function ownFinish(run: Pick<RunSummary, 'completed_at' | 'updated_at'>): { atMs: number; source: FinishSource } | undefined {
	const completed = timeOf(run.completed_at);
	if (completed !== undefined) return { atMs: completed, source: 'completed_at' };
	const updated = timeOf(run.updated_at);
	return updated === undefined ? undefined : { atMs: updated, source: 'updated_at' };
}

/**
 * When a finished run finished, in ms since 1970; undefined for a run that has not finished or
 * carries no usable time (see ownFinish).
 */
export function finishedAt(run: RunSummary): number | undefined {
	if (!isFinished(run.status)) return undefined;
	return ownFinish(run)?.atMs;
}
