import { CsvValueMemo } from '../../../../nodes/shared/csv/csvValueMemo';

describe('CsvValueMemo', () => {
	it('finds a value by its text where it stands, telling apart texts alike in length and ends, and quoted from unquoted', () => {
		const memo = new CsvValueMemo();
		memo.add('axyb', false, 'first');
		memo.add('ayxb', false, 'second');
		memo.add('axyb', true, 'quoted');
		memo.add('', false, 'empty');
		const text = 'ayxb,axyb,axzb,';
		expect(memo.find(text, 0, 4, false)).toBe('second');
		expect(memo.find(text, 5, 9, false)).toBe('first');
		expect(memo.find(text, 5, 9, true)).toBe('quoted');
		expect(memo.find(text, 10, 14, false)).toBeUndefined();
		expect(memo.find(text, 0, 3, false)).toBeUndefined();
		expect(memo.find(text, 15, 15, false)).toBe('empty');
		expect(memo.size).toBe(4);
	});

	it('does not take a longer text for one it starts with, when both fall in one bucket', () => {
		const memo = new CsvValueMemo();
		memo.add('ab', false, 'ab');
		// 'abC' shares the bucket of 'ab' (length × 31 + first × 7 + last, modulo 256).
		expect(memo.find('abC', 0, 3, false)).toBeUndefined();
		expect(memo.find('abC', 0, 2, false)).toBe('ab');
	});
});
