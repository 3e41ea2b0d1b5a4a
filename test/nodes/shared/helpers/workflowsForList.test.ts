import { readEntries, readWorkflowDetail, readWorkflowEntry } from '../../../../nodes/shared/helpers/apiAnswers';
import { workflowsForList } from '../../../../nodes/shared/helpers/workflowsForList';

describe('readWorkflowEntry', () => {
	test('an entry with only an id: every other field null, and no last run said', () => {
		expect(readWorkflowEntry({ id: 'wf_a' })).toEqual({
			id: 'wf_a',
			name: null,
			description: null,
			status: null,
			step: null,
			created_at: null,
			updated_at: null,
		});
	});

	test('last_run_date: null says never run, a time is kept, anything else says nothing', () => {
		expect(readWorkflowEntry({ id: 'wf_a', last_run_date: null })?.last_run_date).toBeNull();
		expect(readWorkflowEntry({ id: 'wf_a', last_run_date: '2026-02-12T09:00:00Z' })?.last_run_date).toBe('2026-02-12T09:00:00Z');
		expect(readWorkflowEntry({ id: 'wf_a', last_run_date: 3 })).not.toHaveProperty('last_run_date');
	});

	test('entries without an id, and answers that are not lists, give nothing', () => {
		expect(readEntries([{ name: 'x' }, 'wf_a', null, { id: '' }, { id: 'wf_b' }], readWorkflowEntry).map((w) => w.id)).toEqual(['wf_b']);
		expect(readEntries({ workflows: [] }, readWorkflowEntry)).toEqual([]);
	});
});

describe('readWorkflowDetail', () => {
	test('blocks in sequence order, with what each leaves out null', () => {
		const detail = readWorkflowDetail({
			id: 'wf_a',
			workflow_definition: {
				blocks: [
					{ sequence_number: 2, block_name: 'enrich_lead' },
					{ sequence_number: 1, block_type: 'source', block_name: 'webhook', block_id: 'b1', specs: { input_schema: ['a'] } },
					'not a block',
				],
				edges: [],
			},
		});
		expect(detail?.blocks).toEqual([
			{ sequence_number: 1, block_type: 'source', block_name: 'webhook', block_id: 'b1', specs: { input_schema: ['a'] } },
			{ sequence_number: 2, block_type: null, block_name: 'enrich_lead', block_id: null, specs: null },
		]);
	});

	test('blocks without sequence numbers keep the answer\'s order; no definition gives blocks null', () => {
		const blocks = readWorkflowDetail({ id: 'wf_a', workflow_definition: { blocks: [{ block_name: 'read_csv' }, { sequence_number: 1, block_name: 'x' }] } })?.blocks;
		expect(blocks?.map((block) => block.block_name)).toEqual(['read_csv', 'x']);
		expect(readWorkflowDetail({ id: 'wf_a' })?.blocks).toBeNull();
		expect(readWorkflowDetail({ id: 'wf_a', workflow_definition: { blocks: 'none' } })?.blocks).toBeNull();
		expect(readWorkflowDetail({ detail: 'Not Found' })).toBeUndefined();
	});
});

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
