// Inline rows read as a downloaded result file would be.
import { readInlineRows } from '../../../../nodes/shared/helpers/inlineRows';

describe('readInlineRows', () => {
	const inline = [
		{ company_name: 'Acme', employee_count: '120', zip: '02134', website: '', active: 'true' },
		{ company_name: 'Beta', employee_count: 8, zip: null, website: 'b.io', active: false, tags: ['a', 'b'], hq: { city: 'Bern' } },
	];

	it('Infer Types off: every value as the CSV would hold it, text', () => {
		expect(readInlineRows(inline, false)).toEqual([
			{ company_name: 'Acme', employee_count: '120', zip: '02134', website: '', active: 'true' },
			{ company_name: 'Beta', employee_count: '8', zip: '', website: 'b.io', active: 'false', tags: '["a","b"]', hq: '{"city":"Bern"}' },
		]);
	});

	it('Infer Types on: numbers, booleans and null, as for a downloaded file', () => {
		expect(readInlineRows(inline, true)).toEqual([
			{ company_name: 'Acme', employee_count: 120, zip: '02134', website: null, active: true },
			{ company_name: 'Beta', employee_count: 8, zip: null, website: 'b.io', active: false, tags: '["a","b"]', hq: '{"city":"Bern"}' },
		]);
	});
});
