import {
	checkPaths,
	fieldList,
	isEmptyRecord,
	mappedRecord,
	parseOptionalObject,
	parseRecords,
	pickPaths,
	RecordsInputError,
	valueAtPath,
} from '../../../../nodes/Sixtyfour/helpers/records';

describe('parseRecords', () => {
	it('takes one object or a list of objects, as text or parsed', () => {
		expect(parseRecords('{"a":1}')).toEqual([{ a: 1 }]);
		expect(parseRecords('[{"a":1},{"b":2}]')).toEqual([{ a: 1 }, { b: 2 }]);
		expect(parseRecords({ a: 1 })).toEqual([{ a: 1 }]);
		expect(parseRecords([{ a: 1 }])).toEqual([{ a: 1 }]);
		expect(parseRecords('  ')).toEqual([]);
		expect(parseRecords([])).toEqual([]);
	});

	it('names what is wrong', () => {
		expect(() => parseRecords('[{"a":1},')).toThrow(RecordsInputError);
		expect(() => parseRecords('[{"a":1},')).toThrow(/is not valid JSON/);
		expect(() => parseRecords('[{"a":1}, 5]')).toThrow('record 1 must be an object, got a number');
		expect(() => parseRecords('[{"a":1}, null]')).toThrow('record 1 must be an object, got null');
		expect(() => parseRecords('"acme"')).toThrow('must be an object or a list of objects, got the text "acme"');
		expect(() => parseRecords(42)).toThrow('got a number');
	});
});

describe('fields', () => {
	const item = { company_name: 'Acme', properties: { website: 'acme.com', tags: ['a', 'b'] }, zero: 0, none: null };

	it('splits a comma list and picks fields by name or dot path, each under its last name', () => {
		expect(fieldList(' company_name, ,website ')).toEqual(['company_name', 'website']);
		expect(pickPaths(item, ['company_name', 'properties.website', 'properties.tags[1]', 'zero', 'none'])).toEqual({
			company_name: 'Acme',
			website: 'acme.com',
			1: 'b',
			zero: 0,
			none: null,
		});
		expect(valueAtPath(item, 'properties.missing.deeper')).toBeUndefined();
	});

	it('refuses a field the item lacks, naming it (a dragged value, a typo)', () => {
		expect(() => pickPaths(item, ['company_name', 'Acme'])).toThrow(new RecordsInputError('has no field "Acme"'));
		expect(() => pickPaths(item, ['properties.webiste'])).toThrow('has no field "properties.webiste"');
	});

	it('refuses no names, and two paths that would be sent under one name', () => {
		expect(() => checkPaths([])).toThrow('name at least one field');
		expect(() => checkPaths(['website', 'properties.website'])).toThrow(
			'"website" and "properties.website" would both be sent as "website"; use Mapped Fields to name them',
		);
		expect(() => checkPaths(['a', 'b.c'])).not.toThrow();
	});

	it('builds mapped records and names what is wrong', () => {
		expect(mappedRecord([{ name: ' company ', value: 'Acme' }, { name: 'size', value: 12 }])).toEqual({ company: 'Acme', size: 12 });
		expect(() => mappedRecord([{ name: '', value: 'x' }])).toThrow('maps a field without a name');
		expect(() => mappedRecord([{ name: 'a', value: 1 }, { name: 'a', value: 2 }])).toThrow('maps "a" twice');
		expect(() => mappedRecord([{ name: 'a', value: undefined }])).toThrow('maps "a" to nothing: its expression points at no field');
	});

	it('calls a record empty when no field has a value', () => {
		expect(isEmptyRecord({})).toBe(true);
		expect(isEmptyRecord({ a: '', b: null, c: '  ' })).toBe(true);
		expect(isEmptyRecord({ a: '', b: 0 })).toBe(false);
		expect(isEmptyRecord({ a: false })).toBe(false);
	});
});

describe('parseOptionalObject', () => {
	it('treats empty as none and demands an object', () => {
		expect(parseOptionalObject('')).toBeUndefined();
		expect(parseOptionalObject('{}')).toBeUndefined();
		expect(parseOptionalObject(undefined)).toBeUndefined();
		expect(parseOptionalObject('{"limit":5}')).toEqual({ limit: 5 });
		expect(parseOptionalObject({ limit: 5 })).toEqual({ limit: 5 });
		expect(() => parseOptionalObject('[1]')).toThrow('must be a JSON object, got a list');
		expect(() => parseOptionalObject('{"a":')).toThrow(/is not valid JSON/);
	});
});

