import Papa from 'papaparse';

import {
	BATCH_BYTES,
	CsvFormatError,
	CsvStreamParser,
	parseCsv,
	type CsvRecord,
} from '../../../../nodes/shared/csv/csvParser';

const FILE = 'enriched_results_final.csv';
const encoder = new TextEncoder();

function parse(text: string, inferTypes = false): CsvRecord[] {
	return parseCsv(text, { fileName: FILE, inferTypes });
}

/** Feeds the chunks one by one, as a download would, and collects every record. */
function parseChunks(
	chunks: Array<Uint8Array | string>,
	options: { batchBytes?: number; countOnly?: boolean; inferTypes?: boolean } = {},
): { records: CsvRecord[]; parser: CsvStreamParser } {
	const records: CsvRecord[] = [];
	const collect = (record: CsvRecord) => {
		records.push(record);
	};
	const parser = new CsvStreamParser({ fileName: FILE, ...options });
	for (const chunk of chunks) parser.write(chunk, collect);
	parser.end(collect);
	return { records, parser };
}

function formatError(run: () => unknown): CsvFormatError {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(CsvFormatError);
	return caught as CsvFormatError;
}

describe('parseCsv', () => {
	it('reads the first record as the header and each later record as an object of strings', () => {
		expect(parse('name,website,employees\nAcme,acme.com,120\nTechStart,techstart.io,8\n')).toEqual([
			{ name: 'Acme', website: 'acme.com', employees: '120' },
			{ name: 'TechStart', website: 'techstart.io', employees: '8' },
		]);
	});

	it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
		const text = 'a,b,c\n"San Francisco, CA","say ""hi""","line 1\r\nline 2\nline 3\rstill 3"\n';
		expect(parse(text)).toEqual([
			{ a: 'San Francisco, CA', b: 'say "hi"', c: 'line 1\r\nline 2\nline 3\rstill 3' },
		]);
	});

	it('accepts CRLF and LF line ends, mixed', () => {
		expect(parse('a,b\r\n1,2\n3,4\r\n')).toEqual([
			{ a: '1', b: '2' },
			{ a: '3', b: '4' },
		]);
	});

	it('keeps a lone CR outside quotes as data, and ends the file on a final CR', () => {
		expect(parse('a,b\nx\ry,z\r')).toEqual([{ a: 'x\ry', b: 'z' }]);
	});

	it('strips a UTF-8 byte-order mark from text and from bytes, and only at the start', () => {
		expect(parse('\ufeffid,name\n1,\ufeffx\n')).toEqual([{ id: '1', name: '\ufeffx' }]);
		const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode('id\n7\n')]);
		expect(parseChunks([bytes]).records).toEqual([{ id: '7' }]);
		expect(parseChunks([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)]).records).toEqual([{ id: '7' }]);
	});

	it('reads empty fields, quoted or not, as empty strings', () => {
		expect(parse('a,b,c\n,"",\n')).toEqual([{ a: '', b: '', c: '' }]);
	});

	it('names empty headers column_<n> and suffixes repeated ones without overwriting any column', () => {
		const parser = new CsvStreamParser({ fileName: FILE });
		const records: CsvRecord[] = [];
		parser.write('name,,email,name,email,name,\n1,2,3,4,5,6,7\n', (record) => {
			records.push(record);
		});
		parser.end(() => undefined);
		expect(parser.columns).toEqual(['name', 'column_2', 'email', 'name_2', 'email_2', 'name_3', 'column_7']);
		expect(records).toEqual([
			{ name: '1', column_2: '2', email: '3', name_2: '4', email_2: '5', name_3: '6', column_7: '7' },
		]);
	});

	it('keeps a header as written when a generated name would clash with it', () => {
		expect(parse('a,a,a_2,,column_4\n1,2,3,4,5\n')).toEqual([
			{ a: '1', a_3: '2', a_2: '3', column_4_2: '4', column_4: '5' },
		]);
	});

	it('keeps a __proto__ header as a real column', () => {
		const [record] = parse('__proto__,x\n1,2\n');
		expect(Object.keys(record)).toEqual(['column_1', 'x']);
		expect(record).toEqual({ column_1: '1', x: '2' });
		expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
	});

	it('fills a short row with empty values and keeps the extra values of a long row under column_<n>', () => {
		expect(parse('a,b,c\n1\n1,2,3,4,5\n')).toEqual([
			{ a: '1', b: '', c: '' },
			{ a: '1', b: '2', c: '3', column_4: '4', column_5: '5' },
		]);
	});

	it('skips empty lines between records but keeps an empty line inside quotes', () => {
		expect(parse('a,b\n\n1,2\r\n\r\n\n"x\n\ny",3\n\n')).toEqual([
			{ a: '1', b: '2' },
			{ a: 'x\n\ny', b: '3' },
		]);
	});

	it('makes no empty record of a trailing line break and reads a last record without one', () => {
		expect(parse('a\n1\n')).toEqual([{ a: '1' }]);
		expect(parse('a\n1')).toEqual([{ a: '1' }]);
		expect(parse('a,b\n1,"2"')).toEqual([{ a: '1', b: '2' }]);
	});

	it('gives no records for an empty file or a header alone', () => {
		expect(parse('')).toEqual([]);
		expect(parse('\ufeff')).toEqual([]);
		expect(parse('a,b\r\n')).toEqual([]);
	});

	it('keeps a stray quote inside an unquoted field as data', () => {
		expect(parse('size,note\n5" screen,ok\n')).toEqual([{ size: '5" screen', note: 'ok' }]);
	});

	it('infers numbers, booleans and nulls only when asked', () => {
		const text = 'n,flag,empty,zip,phone,price\n42,TRUE,,02134,+14155550123,1.50\n-3.25,false,"",94105-1234,4155550123,7\n1,,,,\n';
		expect(parse(text)).toEqual([
			{ n: '42', flag: 'TRUE', empty: '', zip: '02134', phone: '+14155550123', price: '1.50' },
			{ n: '-3.25', flag: 'false', empty: '', zip: '94105-1234', phone: '4155550123', price: '7' },
			{ n: '1', flag: '', empty: '', zip: '', phone: '', price: '' },
		]);
		expect(parse(text, true)).toEqual([
			{ n: 42, flag: true, empty: null, zip: '02134', phone: '+14155550123', price: '1.50' },
			{ n: -3.25, flag: false, empty: null, zip: '94105-1234', phone: '4155550123', price: 7 },
			{ n: 1, flag: null, empty: null, zip: null, phone: null, price: null },
		]);
	});
});

describe('CsvFormatError', () => {
	it('names the file and the line where an unterminated quoted field opens', () => {
		const error = formatError(() => parse('a,b\n1,"two\nlines"\n3,4\n5,"never closed\nstill open\n'));
		expect(error.message).toBe(`${FILE} line 5: unterminated quoted field`);
		expect(error.fileName).toBe(FILE);
		expect(error.line).toBe(5);
		expect(error.name).toBe('CsvFormatError');
		expect(error).toBeInstanceOf(Error);
	});

	it('counts line breaks inside quoted fields and after empty lines', () => {
		const error = formatError(() => parse('a,b\r\n\r\n"1\r\n2\r\n3",x\n"ok"y,z\n'));
		expect(error.message).toBe(`${FILE} line 6: unexpected character after closing quote`);
		expect(error.line).toBe(6);
	});

	it('reports a character after a closing quote on the line of that quote', () => {
		expect(formatError(() => parse('a,b\n1,"multi\nline" 2\n')).message).toBe(
			`${FILE} line 3: unexpected character after closing quote`,
		);
		expect(formatError(() => parse('a\n"x"\ry\n')).line).toBe(2);
	});

	it('reports an unterminated field on line 1 of a file cut inside its header', () => {
		expect(formatError(() => parse('"a,b\n')).message).toBe(`${FILE} line 1: unterminated quoted field`);
	});

	it('is raised at the end of a streamed file cut inside a quoted field, after the complete records', () => {
		const records: CsvRecord[] = [];
		const parser = new CsvStreamParser({ fileName: FILE });
		parser.write(encoder.encode('id,summary\n1,done\n2,"cut off her'), (record) => {
			records.push(record);
		});
		expect(records).toEqual([{ id: '1', summary: 'done' }]);
		expect(() => parser.end(() => undefined)).toThrow(`${FILE} line 3: unterminated quoted field`);
	});
});

describe('CsvStreamParser chunking', () => {
	// Quotes, doubled quotes, CRLF, a CR and LF inside quotes, an empty line, a BOM and characters of
	// two, three and four UTF-8 bytes, so that some split lands inside each of them.
	const SAMPLE = '\ufeffname,"note, long",city\r\n'
		+ 'Zoë,"He said ""hi""\r\nand left",München\r\n'
		+ '\r\n'
		+ '"李雷","a\rb",😀 Paris\r\n'
		+ 'x,,"""quoted"""\n'
		+ 'last,"",end';
	const EXPECTED: CsvRecord[] = [
		{ name: 'Zoë', 'note, long': 'He said "hi"\r\nand left', city: 'München' },
		{ name: '李雷', 'note, long': 'a\rb', city: '😀 Paris' },
		{ name: 'x', 'note, long': '', city: '"quoted"' },
		{ name: 'last', 'note, long': '', city: 'end' },
	];
	const bytes = encoder.encode(SAMPLE);

	it('reads the sample whole', () => {
		expect(parse(SAMPLE)).toEqual(EXPECTED);
	});

	it('gives the same records however the bytes are split in two', () => {
		for (let split = 0; split <= bytes.length; split++) {
			const { records } = parseChunks([bytes.subarray(0, split), bytes.subarray(split)]);
			expect({ split, records }).toEqual({ split, records: EXPECTED });
		}
	});

	it('gives the same records when the text is split at every character', () => {
		for (let split = 0; split <= SAMPLE.length; split++) {
			const { records } = parseChunks([SAMPLE.slice(0, split), SAMPLE.slice(split)]);
			expect({ split, records }).toEqual({ split, records: EXPECTED });
		}
	});

	it('gives the same records fed one byte at a time', () => {
		const chunks = Array.from(bytes, (_, index) => bytes.subarray(index, index + 1));
		const { records, parser } = parseChunks(chunks);
		expect(records).toEqual(EXPECTED);
		expect(parser.recordCount).toBe(4);
		expect(parser.columns).toEqual(['name', 'note, long', 'city']);
	});

	it('gives the same records read in batches, however the bytes are split in two', () => {
		for (const batchBytes of [1, 7, 64, BATCH_BYTES]) {
			for (let split = 0; split <= bytes.length; split++) {
				const { records } = parseChunks([bytes.subarray(0, split), bytes.subarray(split)], { batchBytes });
				expect({ batchBytes, split, records }).toEqual({ batchBytes, split, records: EXPECTED });
			}
		}
	});

	it('in batches, hands out no record before the batch is full, and the rest at the end', () => {
		const seen: string[] = [];
		const parser = new CsvStreamParser({ fileName: FILE, batchBytes: 8 });
		const collect = (record: CsvRecord) => {
			seen.push(String(record.id));
		};
		parser.write('id\n1\n', collect);
		expect(seen).toEqual([]);
		parser.write('2\n3', collect);
		expect(seen).toEqual(['1', '2']);
		parser.end(collect);
		expect(seen).toEqual(['1', '2', '3']);
	});

	it('counts records without reading them, line breaks in quotes and all, and still finds format errors', () => {
		for (const split of [0, 5, 23, 40, bytes.length]) {
			const { records, parser } = parseChunks([bytes.subarray(0, split), bytes.subarray(split)], { countOnly: true });
			expect(records).toEqual([]);
			expect(parser.recordCount).toBe(EXPECTED.length);
		}
		const cut = new CsvStreamParser({ fileName: FILE, countOnly: true });
		cut.write('id,note\n1,"done"\n2,"open\n', () => undefined);
		expect(() => cut.end(() => undefined)).toThrow(`${FILE} line 3: unterminated quoted field`);
		expect(cut.recordCount).toBe(1);
	});

	it('hands each record out as soon as its line break arrives', () => {
		const seen: string[] = [];
		const parser = new CsvStreamParser({ fileName: FILE });
		const collect = (record: CsvRecord) => {
			seen.push(String(record.id));
		};
		parser.write('id\n1\n2', collect);
		expect(seen).toEqual(['1']);
		parser.write('\n3', collect);
		expect(seen).toEqual(['1', '2']);
		parser.end(collect);
		expect(seen).toEqual(['1', '2', '3']);
	});

	it('reads a quoted field spanning many chunks', () => {
		const long = 'word, "quoted"\n'.repeat(5000);
		const text = `id,body\n1,"${long.replace(/"/g, '""')}"\n2,short\n`;
		const chunks: string[] = [];
		for (let start = 0; start < text.length; start += 1000) chunks.push(text.slice(start, start + 1000));
		expect(parseChunks(chunks).records).toEqual([
			{ id: '1', body: long },
			{ id: '2', body: 'short' },
		]);
	});

	it('stops when onRecord returns false and ignores whatever comes after', () => {
		const seen: CsvRecord[] = [];
		const parser = new CsvStreamParser({ fileName: FILE });
		const capAtTwo = (record: CsvRecord) => {
			seen.push(record);
			return seen.length < 2;
		};
		parser.write('id\n1\n2\n3\n', capAtTwo);
		expect(parser.stopped).toBe(true);
		parser.write('4\n"unterminated', capAtTwo);
		parser.end(capAtTwo);
		expect(seen).toEqual([{ id: '1' }, { id: '2' }]);
		expect(parser.recordCount).toBe(2);
	});
});

describe('values a column repeats', () => {
	it('are read the same every time, quoted or not, and a doubled quote only unescaped inside quotes', () => {
		const rows = ['status,note'];
		for (let i = 0; i < 600; i++) rows.push(i % 2 === 0 ? 'a""b,Zoë' : '"a""b","Zoë"');
		rows.push(`fresh,${'x'.repeat(20)}`);
		const records = parse(rows.join('\n'));
		expect(records).toHaveLength(601);
		records.slice(0, 600).forEach((record, i) => expect(record).toEqual({ status: i % 2 === 0 ? 'a""b' : 'a"b', note: 'Zoë' }));
		expect(records[600]).toEqual({ status: 'fresh', note: 'x'.repeat(20) });
	});

	it('are typed with Infer Types every time, and the header is never typed', () => {
		const records = parse('1,true\n1,true\n1,true\n,TRUE\n', true);
		expect(Object.keys(records[0])).toEqual(['1', 'true']);
		expect(records).toEqual([
			{ 1: 1, true: true },
			{ 1: 1, true: true },
			{ 1: null, true: true },
		]);
	});

	it('stay right in a column past the number of distinct values it memoises', () => {
		const rows = ['id,city'];
		for (let i = 0; i < 2000; i++) rows.push(`${i % 700},${['Zürich', 'Paris', '東京'][i % 3]} ${i % 300}`);
		const records = parse(rows.join('\r\n'));
		records.forEach((record, i) => expect(record).toEqual({ id: String(i % 700), city: `${['Zürich', 'Paris', '東京'][i % 3]} ${i % 300}` }));
	});
});

describe('values a column repeats, alike in length and ends', () => {
	it('are each read as themselves', () => {
		const values = ['axyb', 'ayxb', 'a""b', 'azzb', 'ab', 'a,b'];
		const rows = ['k'];
		for (let i = 0; i < 300; i++) rows.push(`"${values[i % values.length].replace(/"/g, '""')}"`);
		const records = parse(rows.join('\n'));
		records.forEach((record, i) => expect(record).toEqual({ k: values[i % values.length] }));
	});
});

describe('agreement with papaparse', () => {
	/** Deterministic pseudo-random text: quoted and unquoted fields, commas, quotes, line breaks, unicode. */
	function generatedCsv(rows: number): string {
		let seed = 42;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		const pieces = ['acme', 'Zoë', '北京', '😀', ' ', ',', '"', '\n', '\r\n', '\r', '42', '-1.5', 'x'.repeat(30)];
		const field = () => {
			let value = '';
			const length = Math.floor(random() * 4);
			for (let i = 0; i < length; i++) value += pieces[Math.floor(random() * pieces.length)];
			return /[",\r\n]/.test(value) || random() < 0.1 ? `"${value.replace(/"/g, '""')}"` : value;
		};
		const lines = [Array.from({ length: 12 }, (_, i) => `col${i + 1}`).join(',')];
		for (let row = 0; row < rows; row++) {
			// A row of one empty field would be an empty line, which both parsers skip.
			let line = Array.from({ length: 12 }, field).join(',');
			if (line === ',,,,,,,,,,,') line = 'a' + line;
			lines.push(line);
		}
		return lines.join('\n') + '\n';
	}

	it('parses 100,000 generated rows exactly as papaparse does, in 64 KB chunks', () => {
		const text = generatedCsv(100000);
		const expected = Papa.parse<CsvRecord>(text, { header: true, newline: '\n', skipEmptyLines: true });
		expect(expected.errors).toEqual([]);
		const bytes = encoder.encode(text);
		const chunks: Uint8Array[] = [];
		for (let start = 0; start < bytes.length; start += 65536) chunks.push(bytes.subarray(start, start + 65536));
		const { records, parser } = parseChunks(chunks);
		expect(parser.recordCount).toBe(100000);
		expect(records.length).toBe(expected.data.length);
		for (let index = 0; index < records.length; index++) {
			if (JSON.stringify(records[index]) !== JSON.stringify(expected.data[index])) {
				expect({ index, record: records[index] }).toEqual({ index, record: expected.data[index] });
			}
		}
	});

	it('parses 20,000 generated rows exactly as papaparse does, read in the node\'s batches', () => {
		const text = generatedCsv(20000);
		const expected = Papa.parse<CsvRecord>(text, { header: true, newline: '\n', skipEmptyLines: true });
		const bytes = encoder.encode(text);
		expect(bytes.length).toBeGreaterThan(3 * BATCH_BYTES);
		const chunks: Uint8Array[] = [];
		for (let start = 0; start < bytes.length; start += 65536) chunks.push(bytes.subarray(start, start + 65536));
		const { records } = parseChunks(chunks, { batchBytes: BATCH_BYTES });
		expect(JSON.stringify(records)).toBe(JSON.stringify(expected.data));
	});
});
