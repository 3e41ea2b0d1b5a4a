import type { RunSummary } from '../../shared/helpers/apiTypes';

/**
 * How a Get Many status choice is asked of the API. Its `status` filter takes running, completed,
 * cancelled and active only; failed and queued runs are picked out of the page it returns.
 */
export interface RunListQuery {
	/** Sent as `status`; undefined lists every run. */
	apiStatus?: string;
	/** Kept from the page; undefined keeps every run. */
	keep?: string;
}

export function runListQuery(status: string): RunListQuery {
	if (status === 'failed') return { keep: 'failed' };
	if (status === 'queued') return { apiStatus: 'active', keep: 'queued' };
	return { apiStatus: status || undefined };
}

export function keepRuns(runs: RunSummary[], query: RunListQuery): RunSummary[] {
	return query.keep === undefined ? runs : runs.filter((run) => run.status === query.keep);
}
