import { inferValue } from '../../../../nodes/shared/csv/csvValues';

describe('inferValue', () => {
	it.each([
		['', null],
		['true', true],
		['False', false],
		['TRUE', true],
		['0', 0],
		['-17', -17],
		['123456789', 123456789],
		['3.14', 3.14],
		['1234567890.5', 1234567890.5],
		['-0.001', -0.001],
	])('reads %j as %j', (raw, value) => {
		expect(inferValue(raw)).toBe(value);
	});

	it.each(['007', '02134', '+1', '1e5', '1E5', '1.50', '1.', '.5', '-0', ' 1', '1 ', '1,000', '0x1f', 'Infinity', 'NaN',
		'4155550123', '+1 (415) 555-0123', '94105-1234', '12345678901234567890', 'yes', 'truthy', 'null'])(
		'keeps %j as text',
		(raw) => {
			expect(inferValue(raw)).toBe(raw);
		},
	);
});
