import { recordsWithoutColumns } from '../../../../nodes/Sixtyfour/helpers/recordsWithoutColumns';

describe('recordsWithoutColumns', () => {
	test('records with none of the columns, a column holding undefined counting as absent and null as present', () => {
		const records = [{ a: 1 }, { c: 1 }, { b: null }, { a: undefined }, {}, JSON.parse('{"__proto__": 1}')];
		expect(recordsWithoutColumns(records, ['a', 'b'])).toEqual([1, 3, 4, 5]);
	});

	test('an inherited name is no column a record carries', () => {
		expect(recordsWithoutColumns([{ x: 1 }], ['toString', 'constructor'])).toEqual([0]);
	});
});
