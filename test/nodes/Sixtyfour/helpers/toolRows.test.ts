import { rowsSummary } from '../../../../nodes/Sixtyfour/helpers/toolRows';
import type { ResultFile } from '../../../../nodes/shared/helpers/apiTypes';

const file = (row_count: number | null) => ({ filename: 'f.csv', block_number: 2, row_count }) as ResultFile;

describe('rowsSummary', () => {
	it('all rows shown: the count is what was shown', () => {
		expect(rowsSummary('run_1', 3, false, [file(3)])).toEqual({
			job_id: 'run_1',
			rows_returned: 3,
			rows_in_run: 3,
			more_rows: false,
			next_step: 'These are all 3 rows of run run_1.',
		});
	});

	it('rows cut: the files\' row_count, or null and "more than" when the API gives none', () => {
		expect(rowsSummary('run_1', 50, true, [file(120)])).toMatchObject({ rows_in_run: 120, more_rows: true });
		expect(rowsSummary('run_1', 50, true, [file(120)]).next_step).toMatch(/^Only the first 50 of 120 rows of run run_1 are shown\./);
		const unknown = rowsSummary('run_1', 50, true, [file(null)]);
		expect(unknown).toMatchObject({ rows_in_run: null, more_rows: true });
		expect(unknown.next_step).toMatch(/^Only the first 50 rows of run run_1 are shown; it has more\. The rest are kept at Sixtyfour/);
	});
});
