import { readWorkflowEntry } from '../../../../nodes/shared/helpers/apiAnswers';
import { workflowsForList } from '../../../../nodes/shared/helpers/workflowsForList';

describe('workflowsForList', () => {
	const workflows = [
		{ id: 'wf_a', name: 'Alpha', status: 'ready', last_run_date: '2026-02-12T09:00:00Z' },
		{ id: 'wf_b', name: ' ', status: 'draft', last_run_date: null },
		{ id: 'wf_c', name: 'Gamma', status: null },
	].map((entry) => readWorkflowEntry(entry)!);

	test('name · status · last run (id); "never run" only when the API says null; a blank name is the id', () => {
		expect(workflowsForList(workflows)).toEqual([
			{ name: 'Alpha · ready · last run 2026-02-12T09:00:00Z (wf_a)', value: 'wf_a' },
			{ name: 'wf_b · draft · never run (wf_b)', value: 'wf_b' },
			{ name: 'Gamma (wf_c)', value: 'wf_c' },
		]);
	});

	test('the filter matches any part of what is shown, ignoring case and surrounding spaces', () => {
		expect(workflowsForList(workflows, ' DRAFT ').map((item) => item.value)).toEqual(['wf_b']);
		expect(workflowsForList(workflows, 'last run').map((item) => item.value)).toEqual(['wf_a']);
		expect(workflowsForList(workflows, 'wf_').map((item) => item.value)).toEqual(['wf_a', 'wf_b', 'wf_c']);
	});
});
