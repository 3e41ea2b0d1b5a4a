import { readEntries, readResultFileEntry, readRunEntry, readWorkflowDetail, readWorkflowEntry } from '../../../../nodes/shared/helpers/apiAnswers';

describe('API answers with only the fields they must have', () => {
	test('a runs-list entry with only job_id and status: every other field null, nothing undefined', () => {
		const [run] = readEntries([{ job_id: 'run_1', status: 'completed' }], readRunEntry);
		expect(run).toEqual({
			job_id: 'run_1',
			workflow_id: '',
			workflow_name: null,
			status: 'completed',
			step: null,
			user_id: null,
			created_at: null,
			updated_at: null,
			queued_at: null,
			started_at: null,
			completed_at: null,
			duration_ms: null,
			status_reason: null,
			error_message: null,
			metrics: null,
			blocks_count: null,
		});
	});

	test('fields the node does not know pass through as the API gave them', () => {
		expect(readRunEntry({ job_id: 'run_1', status: 'running', priority: 'high' })).toMatchObject({ priority: 'high', completed_at: null });
		expect(readResultFileEntry({ filename: 'a.csv', block_number: 2, checksum: 'x', results: [{ a: '1' }] })).toMatchObject({ checksum: 'x', results: [{ a: '1' }] });
	});

	test('entries without job_id, or not objects, are left out; a status missing is null, an unknown one stays as it came; an answer that is not a list is empty', () => {
		const runs = readEntries([{ status: 'completed' }, null, 'run_2', { job_id: 'run_3' }, { job_id: 'run_4', status: 'paused' }, { job_id: 'run_5', status: 7 }], readRunEntry);
		expect(runs.map((r) => [r.job_id, r.status])).toEqual([['run_3', null], ['run_4', 'paused'], ['run_5', null]]);
		expect(readEntries({ runs: [] }, readRunEntry)).toEqual([]);
	});

	test('a download-links entry with only its link: no name and no block number made up, counts unknown', () => {
		const files = readEntries([{ download_url: 'https://storage.example/r/run_1/enriched%20final.csv?sig=x' }, {}], readResultFileEntry);
		expect(files.map((f) => [f.filename, f.block_number, f.row_count, f.download_url, 'results' in f])).toEqual([
			[null, null, null, 'https://storage.example/r/run_1/enriched%20final.csv?sig=x', false],
			[null, null, null, null, false],
		]);
	});
});

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
