import { keepRuns, runListQuery } from '../../../../nodes/Sixtyfour/helpers/runListFilter';
import type { RunSummary } from '../../../../nodes/shared/helpers/apiTypes';

describe('runListQuery', () => {
	const runs = ['queued', 'running', 'failed', 'completed', 'queued'].map((status, i) => ({ job_id: `r${i}`, status }) as RunSummary);

	it('asks the API for what it can filter, and picks failed and queued runs out of the page', () => {
		expect(runListQuery('')).toEqual({ apiStatus: undefined });
		expect(runListQuery('completed')).toEqual({ apiStatus: 'completed' });
		expect(runListQuery('failed')).toEqual({ keep: 'failed' });
		expect(runListQuery('queued')).toEqual({ apiStatus: 'active', keep: 'queued' });
		expect(keepRuns(runs, runListQuery('failed')).map((run) => run.job_id)).toEqual(['r2']);
		expect(keepRuns(runs, runListQuery('queued')).map((run) => run.job_id)).toEqual(['r0', 'r4']);
		expect(keepRuns(runs, runListQuery('running'))).toBe(runs);
	});
});
