// A result file read to its end, checked against what the links answer says it holds: CSV records
// (not lines) against row_count, bytes against file_size.
import { CsvStreamParser } from '../../../../nodes/shared/csv/csvParser';
import {
	checkCompleteness,
	describeShortfall,
	IncompleteFileError,
	type Completeness,
} from '../../../../nodes/shared/helpers/fileCompleteness';

const encoder = new TextEncoder();

/** Records and bytes of a file as the node counts them while streaming it. */
function received(text: string): { rows: number; bytes: number } {
	const parser = new CsvStreamParser({ fileName: 'f.csv' });
	const bytes = encoder.encode(text);
	parser.write(bytes, () => {});
	parser.end(() => {});
	return { rows: parser.recordCount, bytes: bytes.byteLength };
}

type Short = Extract<Completeness, { kind: 'short' }>;

const FILE =
	'company_name,description,employee_count\r\n' +
	'Acme Corp,"Makes anvils,\r\nrockets and ""portable holes""",120\r\n' +
	'TechStart Inc,"line one\nline two\nline three",8\r\n' +
	'Zürich AG,Banks,4200\r\n';
const SIZE = encoder.encode(FILE).byteLength;

describe('checkCompleteness', () => {
	it('counts CSV records, not lines: quoted line breaks do not add rows', () => {
		expect(FILE.split('\n')).toHaveLength(8);
		expect(received(FILE)).toEqual({ rows: 3, bytes: SIZE });
		expect(checkCompleteness({ rowCount: 3, fileSize: SIZE }, received(FILE))).toEqual({ kind: 'complete' });
	});

	it('a clean cut at a row boundary is short by rows and by bytes', () => {
		const cut = FILE.slice(0, FILE.indexOf('TechStart'));
		expect(checkCompleteness({ rowCount: 3, fileSize: SIZE }, received(cut))).toEqual({
			kind: 'short',
			expectedRows: 3,
			receivedRows: 1,
			expectedBytes: SIZE,
			receivedBytes: encoder.encode(cut).byteLength,
		});
	});

	it('a cut inside an unquoted field of the last row keeps the record count: only the bytes tell', () => {
		const cut = FILE.slice(0, FILE.indexOf('4200') + 2);
		expect(received(cut).rows).toBe(3);
		const verdict = checkCompleteness({ rowCount: 3, fileSize: SIZE }, received(cut)) as Short;
		expect(verdict).toEqual({ kind: 'short', expectedRows: 3, receivedRows: 3, expectedBytes: SIZE, receivedBytes: SIZE - 4 });
		expect(describeShortfall(verdict)).toBe(`3 of 3 rows, ${SIZE - 4} of ${SIZE} bytes`);
		// Without file_size the cut cannot be seen.
		expect(checkCompleteness({ rowCount: 3 }, received(cut))).toEqual({ kind: 'complete' });
	});

	it('more rows than row_count loses nothing: reported, not short', () => {
		expect(checkCompleteness({ rowCount: 2, fileSize: SIZE }, received(FILE))).toEqual({
			kind: 'extraRows',
			expectedRows: 2,
			receivedRows: 3,
		});
	});

	it('more bytes than file_size is not short (a compressed object served decompressed)', () => {
		expect(checkCompleteness({ rowCount: 3, fileSize: SIZE - 100 }, received(FILE))).toEqual({ kind: 'complete' });
	});

	it('row_count or file_size absent or null: that one is not checked', () => {
		const fewer = { rows: 1, bytes: 10 };
		expect(checkCompleteness({}, fewer)).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: null, fileSize: null }, fewer)).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: null, fileSize: 11 }, fewer)).toMatchObject({ kind: 'short', expectedRows: null });
		expect(checkCompleteness({ rowCount: 2, fileSize: null }, fewer)).toMatchObject({ kind: 'short', expectedBytes: null });
	});

	it('what was not counted is not checked', () => {
		expect(checkCompleteness({ rowCount: 3, fileSize: 100 }, { bytes: 100 })).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: 3, fileSize: 100 }, { rows: 3 })).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: 3, fileSize: 100 }, {})).toEqual({ kind: 'complete' });
	});

	it('an empty file: zero rows expected is complete, any expected is short', () => {
		expect(checkCompleteness({ rowCount: 0 }, received(''))).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: 0 }, received('a,b\r\n'))).toEqual({ kind: 'complete' });
		expect(checkCompleteness({ rowCount: 1 }, received('a,b\r\n'))).toMatchObject({ kind: 'short', receivedRows: 0 });
	});
});

describe('describeShortfall and IncompleteFileError', () => {
	const short = (fields: Partial<Short>): Short => ({
		kind: 'short',
		expectedRows: null,
		receivedRows: null,
		expectedBytes: null,
		receivedBytes: null,
		...fields,
	});

	it('names the rows expected and received, and the bytes when they fell short', () => {
		expect(describeShortfall(short({ expectedRows: 3, receivedRows: 1 }))).toBe('1 of 3 rows');
		expect(describeShortfall(short({ expectedRows: 3, receivedRows: 1, expectedBytes: 900, receivedBytes: 300 }))).toBe(
			'1 of 3 rows, 300 of 900 bytes',
		);
		expect(describeShortfall(short({ receivedRows: 1, expectedBytes: 900, receivedBytes: 300 }))).toBe(
			'1 rows, 300 of 900 bytes',
		);
		expect(describeShortfall(short({ expectedBytes: 900, receivedBytes: 300 }))).toBe('300 of 900 bytes');
	});

	it('the error carries the shortfall and names the file', () => {
		const shortfall = short({ expectedRows: 3, receivedRows: 1 });
		const error = new IncompleteFileError('enriched_results_final.csv', shortfall);
		expect(error.message).toBe('enriched_results_final.csv arrived incomplete: 1 of 3 rows');
		expect(error.shortfall).toBe(shortfall);
	});
});

