import { isFinished, type RunSummary } from './apiTypes';

/** A timestamp in ms, or undefined when it is missing or not a date. */
export function timeOf(value: string | null | undefined): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When a finished run finished, in ms since 1970; undefined for a run that has not finished or
 * carries no usable time. Failed and cancelled runs may lack completed_at: their last update is
 * when they stopped.
 */
export function finishedAt(run: RunSummary): number | undefined {
	if (!isFinished(run.status)) return undefined;
	return timeOf(run.completed_at) ?? timeOf(run.updated_at);
}
