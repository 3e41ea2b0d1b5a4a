import type { RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import { workflowsFromRuns } from '../../../../nodes/shared/helpers/workflowsFromRuns';

describe('workflowsFromRuns', () => {
	const run = (workflow_id: string, workflow_name: string | null) => ({ workflow_id, workflow_name }) as RunSummary;

	it('lists each workflow once, most recently run first, and filters on name or id', () => {
		const runs = [run('wf_b', 'Beta'), run('wf_a', 'Alpha'), run('wf_b', 'Beta'), run('wf_c', null)];
		expect(workflowsFromRuns(runs)).toEqual([
			{ name: 'Beta (wf_b)', value: 'wf_b' },
			{ name: 'Alpha (wf_a)', value: 'wf_a' },
			{ name: 'wf_c (wf_c)', value: 'wf_c' },
		]);
		expect(workflowsFromRuns(runs, 'alp')).toEqual([{ name: 'Alpha (wf_a)', value: 'wf_a' }]);
		expect(workflowsFromRuns(runs, 'WF_C')).toEqual([{ name: 'wf_c (wf_c)', value: 'wf_c' }]);
	});
});
