import { itemsForRun } from '../../../nodes/shared/triggerItems';
import { run } from '../../harness/kits/runSummaries';

describe('itemsForRun', () => {
	const finished = run('run_1', 'completed', '2026-02-12T09:15:00Z');
	const file = (block: number, rows: object[]) => ({
		file: {
			filename: `results_block_${block}.csv`,
			block_number: block,
			row_count: rows.length,
			storage_bucket: null,
			created_at: null,
			message: null,
			download_url: null,
			download_expires_in_seconds: null,
		},
		rows: rows as Array<Record<string, string>>,
	});

	const observed = { atMs: Date.parse('2026-02-12T10:00:00Z'), source: 'observed' as const };

	it('gives the metadata only when results are not included', () => {
		expect(itemsForRun(finished, 'row', observed)).toEqual([{ json: { ...finished, finished_at: '2026-02-12T09:15:00.000Z', finished_at_source: 'completed_at' } }]);
	});

	it('a run without completed_at finished at its updated_at; without either, at the fallback, and says which', () => {
		const updatedOnly = { ...finished, completed_at: null };
		expect(itemsForRun(updatedOnly, 'run', observed)[0].json).toMatchObject({ finished_at: finished.updated_at && new Date(finished.updated_at).toISOString(), finished_at_source: 'updated_at' });
		const bare = { ...finished, completed_at: null, updated_at: null };
		expect(itemsForRun(bare, 'run', observed)[0].json).toMatchObject({ finished_at: '2026-02-12T10:00:00.000Z', finished_at_source: 'observed' });
		const received = { atMs: Date.parse('2026-02-12T11:00:00Z'), source: 'received' as const };
		expect(itemsForRun({ ...bare, completed_at: 'not a date' }, 'row', received, { files: [] })[0].json).toMatchObject({
			sixtyfour_finished_at: '2026-02-12T11:00:00.000Z',
			sixtyfour_finished_at_source: 'received',
		});
	});

	it('gives one item per run with its rows', () => {
		const [item] = itemsForRun(finished, 'run', observed, { files: [file(1, [{ a: '1' }]), file(2, [{ b: '2' }])] });
		expect(item.json.rows).toEqual([{ a: '1' }, { b: '2' }]);
		expect(item.json.result_files).toEqual([
			{ filename: 'results_block_1.csv', block_number: 1, row_count: 1, rows_read: 1 },
			{ filename: 'results_block_2.csv', block_number: 2, row_count: 1, rows_read: 1 },
		]);
	});

	it('gives one item per row with the run metadata, and one metadata item for a run without rows', () => {
		const metadata = {
			sixtyfour_job_id: 'run_1',
			sixtyfour_workflow_id: 'wf_lead',
			sixtyfour_workflow_name: 'Lead Enrichment',
			sixtyfour_status: 'completed',
			sixtyfour_finished_at: '2026-02-12T09:15:00.000Z',
			sixtyfour_finished_at_source: 'completed_at',
		};
		expect(itemsForRun(finished, 'row', observed, { files: [file(2, [{ name: 'Acme' }, { name: 'Beta' }])] })).toEqual([
			{ json: { name: 'Acme', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
			{ json: { name: 'Beta', ...metadata, sixtyfour_block_number: 2, sixtyfour_filename: 'results_block_2.csv' } },
		]);
		expect(itemsForRun(finished, 'row', observed, { files: [], error: 'no block 3' })).toEqual([
			{ json: { ...metadata, sixtyfour_error_message: null, sixtyfour_results_error: 'no block 3' } },
		]);
	});
});
