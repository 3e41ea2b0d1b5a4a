import {
	candidateFields,
	groupIdentical,
	matchFieldProblem,
	matchKey,
	matchRows,
} from '../../../../nodes/Sixtyfour/helpers/rowMatching';

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

describe('fields to match by', () => {
	it('Auto tries every field of the records, preferred names first', () => {
		expect(candidateFields(records)).toEqual(['website', 'company_name', 'industry', 'crm_id']);
		expect(candidateFields([{ a: 1 }, { b: 2, id: 3 }])).toEqual(['id', 'a', 'b']);
		expect(candidateFields([])).toEqual([]);
	});

	it('records identical in every field form one group, in order', () => {
		expect(groupIdentical([{ a: 1, b: 2 }, { c: 3 }, { b: 2, a: 1 }])).toEqual({ groupOf: [0, 1, 0], members: [[0, 2], [1]] });
	});

	it('By Field names the first record without a value, or sharing one with a different record; identical records may share', () => {
		expect(matchFieldProblem(records, 'industry')).toEqual({ kind: 'shared', recordIndex: 1, otherIndex: 0, value: 'Software' });
		expect(matchFieldProblem([{ a: 1 }, { b: 2 }], 'a')).toEqual({ kind: 'missing', recordIndex: 1 });
		expect(matchFieldProblem([{ w: 'acme.com', n: 1 }, { w: 'http://ACME.com', n: 2 }], 'w')?.recordIndex).toBe(1);
		expect(matchFieldProblem(records, 'website')).toBeUndefined();
		expect(matchFieldProblem([...records, records[1]], 'website')).toBeUndefined();
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
		expect(matchRows(records, rows, ['website'])).toEqual({
			matchedBy: { website: 3 },
			recordOfRow: [2, 0, 0, undefined],
			recordsWithoutRow: [1],
			ambiguousRows: 0,
			anyIdentifyingField: true,
		});
	});

	it('a row whose first field tells nothing is matched by the next one', () => {
		const renamed = rows.map((row, i) => (i === 1 ? { ...row, website: 'acme-renamed.com' } : row));
		expect(matchRows(records, renamed, candidateFields(records))).toMatchObject({
			matchedBy: { website: 2, company_name: 1 },
			recordOfRow: [2, 0, 0, undefined],
		});
	});

	it('records identical in every field get their rows in order; the others still match by their own field', () => {
		const twin = { company_name: 'Acme', website: 'acme.com' };
		const withTwins = [twin, { company_name: 'Beta', website: 'beta.io' }, { ...twin }, { company_name: 'Gamma', website: 'gamma.ch' }];
		const back = [{ ...twin, n: 'first' }, { company_name: 'Gamma', website: 'gamma.ch' }, { ...twin, n: 'second' }, { ...twin, n: 'third' }];
		expect(matchRows(withTwins, back, candidateFields(withTwins))).toEqual({
			matchedBy: { website: 4 },
			// The third Acme row goes round again to the first Acme record.
			recordOfRow: [0, 3, 2, 0],
			recordsWithoutRow: [1],
			ambiguousRows: 0,
			anyIdentifyingField: true,
		});
	});

	it('records that differ only in a field the rows do not bring back leave those rows unmatched, and say so', () => {
		const sent = [
			{ company_name: 'Acme', website: 'acme.com', note: 'a' },
			{ company_name: 'Acme', website: 'acme.com', note: 'b' },
			{ company_name: 'Beta', website: 'beta.io', note: 'c' },
		];
		const back = [{ company_name: 'Acme', website: 'acme.com' }, { company_name: 'Beta', website: 'beta.io' }];
		expect(matchRows(sent, back, candidateFields(sent))).toEqual({
			matchedBy: { website: 1 },
			recordOfRow: [undefined, 2],
			recordsWithoutRow: [0, 1],
			ambiguousRows: 1,
			anyIdentifyingField: true,
		});
	});

	it('no field at all tells records apart: every row unmatched, every record without a row', () => {
		const twins = [{ a: 'x' }, { a: 'x', b: '' }];
		expect(matchRows(twins, [{ a: 'x' }], ['a'])).toEqual({
			matchedBy: {},
			recordOfRow: [undefined],
			recordsWithoutRow: [0, 1],
			ambiguousRows: 0,
			anyIdentifyingField: false,
		});
		expect(matchRows(records, [], ['website']).recordsWithoutRow).toEqual([0, 1, 2]);
	});

	it('matches 10,000 rows to 10,000 records in one pass each', () => {
		const many = Array.from({ length: 10_000 }, (_, i) => ({ website: `c${i}.com` }));
		const reversed = [...many].reverse();
		const match = matchRows(many, reversed, ['website']);
		expect(match.recordOfRow[0]).toBe(9999);
		expect(match.recordsWithoutRow).toEqual([]);
	});
});

