import type { RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { runsForList } from '../../../../nodes/shared/helpers/runsForList';

describe('runsForList', () => {
	const run = (fields: Partial<RunSummary>) => fields as RunSummary;

	it('names each run by workflow, status and queue time, in the API order, filtered on any of them', () => {
		const runs = [
			run({ job_id: 'run_2', workflow_id: 'wf_a', workflow_name: 'Alpha', status: 'running', queued_at: '2026-12-03T10:05:00Z' }),
			run({ job_id: 'run_1', workflow_id: 'wf_b', workflow_name: 'Beta', status: 'completed', queued_at: '2026-12-03T10:00:00Z' }),
		];
		const items = [
			{ name: 'Alpha · running · queued 2026-12-03T10:05:00Z (run_2)', value: 'run_2' },
			{ name: 'Beta · completed · queued 2026-12-03T10:00:00Z (run_1)', value: 'run_1' },
		];
		expect(runsForList(runs)).toEqual(items);
		expect(runsForList(runs, ' COMPLETED ')).toEqual([items[1]]);
		expect(runsForList(runs, 'run_2')).toEqual([items[0]]);
		expect(runsForList(runs, 'gamma')).toEqual([]);
	});

	it('needs only job_id: the workflow ID stands in for a missing name, and missing fields are left out', () => {
		expect(
			runsForList([
				run({ job_id: 'run_3', workflow_id: 'wf_c', workflow_name: null, status: 'queued', queued_at: null }),
				run({ job_id: 'run_4' }),
				run({ workflow_id: 'wf_d', status: 'completed' }),
			]),
		).toEqual([
			{ name: 'wf_c · queued (run_3)', value: 'run_3' },
			{ name: 'run_4', value: 'run_4' },
		]);
	});
});
