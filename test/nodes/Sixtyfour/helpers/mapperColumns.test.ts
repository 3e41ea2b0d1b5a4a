import { mappedValues, mapperFields } from '../../../../nodes/Sixtyfour/helpers/mapperColumns';

describe('mapperFields', () => {
	test('each column one optional field; the types n8n has are kept, others and none leave it untyped', () => {
		expect(mapperFields([{ name: 'a', type: 'Integer' }, { name: 'b', type: 'uuid' }, { name: 'c', type: null }])).toEqual([
			{ id: 'a', displayName: 'a', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'number' },
			{ id: 'b', displayName: 'b', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true },
			{ id: 'c', displayName: 'c', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true },
		]);
	});
});

describe('mappedValues', () => {
	test('drops columns left empty (undefined, null, ""), keeps 0, false and spaces as given', () => {
		expect(mappedValues({ a: undefined, b: null, c: '', d: 0, e: false, f: ' ' })).toEqual({ d: 0, e: false, f: ' ' });
		expect(mappedValues(null)).toEqual({});
	});

	test('a column named __proto__ stays a field', () => {
		const values = mappedValues(JSON.parse('{"__proto__": "x", "a": 1}'));
		expect(Object.keys(values)).toEqual(['__proto__', 'a']);
		expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
	});
});
