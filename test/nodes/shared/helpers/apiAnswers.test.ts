import { readEntries, readResultFileEntry, readRunEntry } from '../../../../nodes/shared/helpers/apiAnswers';

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
