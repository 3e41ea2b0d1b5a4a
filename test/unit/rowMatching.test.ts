import {
	autoMatch,
	identifyingFields,
	matchFieldProblem,
	matchKey,
	matchRows,
} from '../../nodes/Sixtyfour/helpers/rowMatching';
import { unmatchedRowPairing } from '../../nodes/Sixtyfour/actions/rowPairing';

const records = [
	{ company_name: 'Acme', website: 'https://www.Acme.com/', industry: 'Software', crm_id: 7 },
	{ company_name: 'Beta', website: 'beta.io', industry: 'Software', crm_id: 8 },
	{ company_name: 'Gamma', website: 'gamma.ch', industry: 'Retail', crm_id: 9 },
];

describe('matchKey', () => {
	it('compares values as text, ignoring case, URL scheme, www. and trailing slashes', () => {
		expect(matchKey(' https://www.Acme.com/ ')).toBe('acme.com');
		expect(matchKey('ACME.com')).toBe('acme.com');
		expect(matchKey(7)).toBe('7');
		expect(matchKey('7')).toBe('7');
		expect(matchKey('Ana@X.io')).toBe('ana@x.io');
		expect([matchKey(''), matchKey('  '), matchKey(null), matchKey(undefined), matchKey({ a: 1 })]).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
			undefined,
		]);
	});
});

describe('identifying fields', () => {
	it('are those every record has with a different value, preferred names first', () => {
		expect(identifyingFields(records)).toEqual(['website', 'company_name', 'crm_id']);
		expect(identifyingFields([])).toEqual([]);
	});

	it('name the first record that breaks a field', () => {
		expect(matchFieldProblem(records, 'industry')).toEqual({ recordIndex: 1, reason: 'has the same "industry" as record 0 ("Software")' });
		expect(matchFieldProblem([{ a: 1 }, { b: 2 }], 'a')).toEqual({ recordIndex: 1, reason: 'has no value in "a"' });
		expect(matchFieldProblem([{ w: 'acme.com' }, { w: 'http://ACME.com' }], 'w')?.recordIndex).toBe(1);
		expect(matchFieldProblem(records, 'website')).toBeUndefined();
	});
});

describe('matching rows', () => {
	const rows = [
		{ company_name: 'Gamma', website: 'gamma.ch', crm_id: '9', email: 'a@gamma.ch' },
		{ company_name: 'Acme', website: 'acme.com', crm_id: '7', email: 'b@acme.com' },
		{ company_name: 'Acme', website: 'acme.com', crm_id: '7', email: 'c@acme.com' },
		{ company_name: 'Unknown', website: 'nowhere.net', crm_id: '99' },
	];

	it('finds each row\'s record, several rows per record included, and the records without a row', () => {
		expect(matchRows(records, rows, 'website')).toEqual({ field: 'website', recordOfRow: [2, 0, 0, undefined], recordsWithoutRow: [1] });
	});

	it('Auto takes the field that matches the most rows, the earlier one on a tie', () => {
		const renamed = rows.map((row, i) => (i === 1 ? { ...row, website: 'acme-renamed.com' } : row));
		expect(autoMatch(records, renamed, identifyingFields(records))?.field).toBe('company_name');
		expect(autoMatch(records, rows, identifyingFields(records))?.field).toBe('website');
	});

	it('Auto gives up when no identifying field comes back, and reports every record missing when no row does', () => {
		expect(autoMatch(records, [{ email: 'x@y.z' }], identifyingFields(records))).toBeUndefined();
		expect(autoMatch(records, rows, [])).toBeUndefined();
		expect(autoMatch(records, [], ['website'])).toEqual({ field: 'website', recordOfRow: [], recordsWithoutRow: [0, 1, 2] });
	});

	it('matches 10,000 rows to 10,000 records in one pass each', () => {
		const many = Array.from({ length: 10_000 }, (_, i) => ({ website: `c${i}.com` }));
		const reversed = [...many].reverse();
		const match = matchRows(many, reversed, 'website');
		expect(match.recordOfRow[0]).toBe(9999);
		expect(match.recordsWithoutRow).toEqual([]);
	});
});

describe('unmatchedRowPairing', () => {
	it('is two entries at most, whatever the size of the run', () => {
		const run = Array.from({ length: 10_000 }, (_, item) => ({ item }));
		expect(unmatchedRowPairing(run)).toEqual([{ item: 0 }, { item: 9999 }]);
		expect(unmatchedRowPairing([{ item: 3 }])).toEqual([{ item: 3 }]);
	});
});
