import { asBuffer, decodeBatch, isAsciiText, isHighSurrogate } from './csvBytes';
import { CsvValueMemo } from './csvValueMemo';
import { inferValue, type CsvValue } from './csvValues';

export interface CsvParserOptions {
	/** Named in error messages. */
	fileName: string;
	/** Off by default: values stay strings. */
	inferTypes?: boolean;
	/**
	 * Bytes to gather before parsing; 0 (the default) parses every write, so each record is handed
	 * out as soon as its line break arrives. A download is read in batches of BATCH_BYTES: network
	 * chunks can be a few bytes each, and every pass decodes the unfinished last record again.
	 */
	batchBytes?: number;
	/** Only count the records, without reading their values: `onRecord` is not called. */
	countOnly?: boolean;
}

export type CsvRecord = Record<string, CsvValue>;

export type CsvRecordHandler = (record: CsvRecord) => boolean | void;

export class CsvFormatError extends Error {
	readonly fileName: string;

	/** 1-based physical line (line breaks inside quoted fields count) where the problem starts. */
	readonly line: number;

	constructor(fileName: string, line: number, problem: string) {
		super(`${fileName} line ${line}: ${problem}`);
		this.name = 'CsvFormatError';
		this.fileName = fileName;
		this.line = line;
	}
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

const LARGE_RECORD_LENGTH = 65536;

/** The `batchBytes` for a download (see CsvParserOptions). */
export const BATCH_BYTES = 262144;

/** Marks a record that the text seen so far does not finish. */
const INCOMPLETE = -1;

/** Distinct values a column may show before it stops being memoised (see `cell`). */
const MEMO_LIMIT = 256;

const EMPTY = Buffer.alloc(0);

/**
 * V8 makes a substring this long a view into its parent string, which then lives as long as the
 * value does; shorter substrings are copies.
 */
const SLICED_MIN_LENGTH = 13;

/**
 * RFC 4180 parser fed chunk by chunk. The unparsed bytes are read as Latin-1 text, one byte a
 * character, so `indexOf` works at byte offsets, but no value points into that text: each is a
 * string of its own, decoded from its own bytes as UTF-8 (or copied, when short and ASCII), so the
 * text of a batch is garbage once the batch is read, and one non-ASCII character costs only its own
 * value two bytes a character. Values a column repeats (a status, an industry) are memoised, so a
 * million rows share a few strings. Only the unfinished last record is kept between chunks.
 */
export class CsvStreamParser {
	private readonly fileName: string;

	private readonly inferTypes: boolean;

	private readonly batchLimit: number;

	private readonly countOnly: boolean;

	private headerSeen = false;

	/**
	 * Bytes not parsed yet, the first `filled` of `buffer`; they always start at the beginning of a
	 * record (after the BOM). The buffer is reused from batch to batch: no value points into it (the
	 * values are strings), and a new buffer a batch would count as external memory, which makes V8
	 * collect garbage every 64 MB of it.
	 */
	private buffer: Buffer = EMPTY;

	private filled = 0;

	/** A high surrogate that ended a text chunk: its pair may start the next one. */
	private heldSurrogate = '';

	/** Physical line on which `pending` starts. */
	private pendingLine = 1;

	/** Physical line of the last quoted field found open at the end of the text. */
	private unterminatedLine = 1;

	/** An unfinished record is read again from its start when more text arrives. Past a size no real
	 * record reaches, it is retried only once the text has doubled, so a huge quoted field spanning
	 * many chunks is rescanned a logarithmic number of times rather than once a chunk. */
	private retryAtLength = 0;

	private atStart = true;

	private header: string[] | undefined;

	/** Key of each field position: the header, then `column_<n>` for values beyond it. */
	private keys: string[] = [];

	private usedKeys = new Set<string>();

	/** Every record starts as a copy of this, so a short row has a value for every column. */
	private blankRecord: CsvRecord = {};

	/** Per header column, its values by their raw text, until it shows more than MEMO_LIMIT. */
	private memos: Array<CsvValueMemo | undefined> = [];

	/** Values of the record being read; reused from record to record. */
	private readonly fields: CsvValue[] = [];

	private count = 0;

	private halted = false;

	constructor(options: CsvParserOptions) {
		this.fileName = options.fileName;
		this.inferTypes = options.inferTypes === true;
		this.batchLimit = options.batchBytes ?? 0;
		this.countOnly = options.countOnly === true;
	}

	/** The header after normalisation: empty names filled in, duplicates suffixed. */
	get columns(): string[] {
		return this.header ? this.header.slice() : [];
	}

	/** Data records handed to `onRecord` so far (the header is not one). */
	get recordCount(): number {
		return this.count;
	}

	/** True once `onRecord` returned false; later input is ignored. */
	get stopped(): boolean {
		return this.halted;
	}

	/** Feeds bytes or text; calls onRecord for each record completed by this chunk. Returning false from onRecord stops parsing (row cap): later writes are ignored. */
	write(chunk: Uint8Array | string, onRecord: CsvRecordHandler): void {
		if (this.halted) return;
		const bytes = typeof chunk === 'string' ? this.textBytes(chunk) : asBuffer(chunk);
		if (bytes.length === 0) return;
		this.append(bytes);
		if (this.filled >= Math.max(this.retryAtLength, this.batchLimit)) this.parsePending(onRecord, false);
	}

	/** Flushes the last record; throws CsvFormatError if the file ends inside a quoted field. */
	end(onRecord: CsvRecordHandler): void {
		if (this.halted) return;
		if (this.heldSurrogate) this.append(Buffer.from(this.heldSurrogate, 'utf8'));
		// The end of the file ends the last record as a line break would.
		if (this.filled > 0 && this.buffer[this.filled - 1] !== LF) this.append(Buffer.of(LF));
		this.parsePending(onRecord, true);
	}

	private append(bytes: Buffer): void {
		const needed = this.filled + bytes.length;
		if (needed > this.buffer.length) {
			const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2, this.batchLimit * 2));
			this.buffer.copy(grown, 0, 0, this.filled);
			this.buffer = grown;
		}
		bytes.copy(this.buffer, this.filled);
		this.filled = needed;
	}

	/** Drops the first `count` pending bytes. */
	private consume(count: number): void {
		this.buffer.copyWithin(0, count, this.filled);
		this.filled -= count;
	}

	/** UTF-8 of a text chunk, holding back a last high surrogate until the next chunk brings its pair. */
	private textBytes(chunk: string): Buffer {
		let text = this.heldSurrogate + chunk;
		this.heldSurrogate = '';
		if (isHighSurrogate(text.charCodeAt(text.length - 1))) {
			this.heldSurrogate = text.slice(-1);
			text = text.slice(0, -1);
		}
		return Buffer.from(text, 'utf8');
	}

	/** Drops a leading BOM once three bytes (or the whole file) are in; false while that is not yet known. */
	private skipBom(atEnd: boolean): boolean {
		const buffer = this.buffer;
		const filled = this.filled;
		if (!atEnd && filled < BOM.length && BOM.slice(0, filled).every((byte, i) => buffer[i] === byte)) return false;
		this.atStart = false;
		if (filled >= BOM.length && BOM.every((byte, i) => buffer[i] === byte)) this.consume(BOM.length);
		return true;
	}

	private parsePending(onRecord: CsvRecordHandler, atEnd: boolean): void {
		if (this.atStart && !this.skipBom(atEnd)) return;
		const text = decodeBatch(this.buffer.subarray(0, this.filled));
		const stop = this.parseRecords(text, onRecord);
		if (this.halted) {
			this.filled = 0;
			return;
		}
		this.consume(stop);
		if (atEnd && this.filled > 0) {
			throw new CsvFormatError(this.fileName, this.unterminatedLine, 'unterminated quoted field');
		}
		this.retryAtLength = this.filled > LARGE_RECORD_LENGTH ? this.filled * 2 : 0;
	}

	/**
	 * Reads every complete record of `text` (the pending bytes as Latin-1), which starts at a record
	 * start, and returns where the first incomplete one starts. A record is complete once its line
	 * break has been seen.
	 */
	private parseRecords(text: string, onRecord: CsvRecordHandler): number {
		const length = text.length;
		const fields = this.fields;
		let line = this.pendingLine;
		let pos = 0;
		// Next comma and line feed at or after `pos`; `length` when there is none.
		let nextComma = -1;
		let nextLf = -1;
		while (pos < length) {
			const recordStart = pos;
			const recordLine = line;
			const first = text.charCodeAt(pos);
			if (first === LF) {
				pos++;
				line++;
				continue;
			}
			if (first === CR && text.charCodeAt(pos + 1) === LF) {
				pos += 2;
				line++;
				continue;
			}
			let fieldCount = 0;
			let recordEnd = INCOMPLETE;
			while (recordEnd === INCOMPLETE) {
				if (text.charCodeAt(pos) === QUOTE) {
					const close = this.findClosingQuote(text, pos);
					if (close === INCOMPLETE) {
						this.unterminatedLine = line;
						break;
					}
					if (!this.countOnly) fields[fieldCount] = this.cell(fieldCount, text, pos + 1, close, true);
					fieldCount++;
					if (nextLf < pos) nextLf = indexOrLength(text, '\n', pos);
					while (nextLf < close) {
						line++;
						nextLf = indexOrLength(text, '\n', nextLf + 1);
					}
					const after = text.charCodeAt(close + 1);
					if (after === COMMA) {
						pos = close + 2;
					} else if (after === LF) {
						recordEnd = close + 2;
					} else if (after === CR && text.charCodeAt(close + 2) === LF) {
						recordEnd = close + 3;
					} else if (close + 1 >= length || (after === CR && close + 2 >= length)) {
						break;
					} else {
						throw new CsvFormatError(this.fileName, line, 'unexpected character after closing quote');
					}
				} else {
					if (nextComma < pos) nextComma = indexOrLength(text, ',', pos);
					if (nextLf < pos) nextLf = indexOrLength(text, '\n', pos);
					if (nextComma < nextLf) {
						if (!this.countOnly) fields[fieldCount] = this.cell(fieldCount, text, pos, nextComma, false);
						fieldCount++;
						pos = nextComma + 1;
					} else if (nextLf < length) {
						const end = text.charCodeAt(nextLf - 1) === CR && nextLf > pos ? nextLf - 1 : nextLf;
						if (!this.countOnly) fields[fieldCount] = this.cell(fieldCount, text, pos, end, false);
						fieldCount++;
						recordEnd = nextLf + 1;
					} else {
						break;
					}
				}
			}
			if (recordEnd === INCOMPLETE) {
				this.pendingLine = recordLine;
				return recordStart;
			}
			pos = recordEnd;
			line++;
			if (!this.headerSeen) {
				this.headerSeen = true;
				if (!this.countOnly) this.setHeader(fields.slice(0, fieldCount) as string[]);
			} else {
				this.count++;
				if (!this.countOnly && onRecord(this.toRecord(fieldCount)) === false) {
					this.halted = true;
					return pos;
				}
			}
		}
		this.pendingLine = line;
		return pos;
	}

	/** Index of the quote closing the field opened at `open`, skipping doubled quotes. */
	private findClosingQuote(text: string, open: number): number {
		let quote = text.indexOf('"', open + 1);
		while (quote !== -1 && text.charCodeAt(quote + 1) === QUOTE) {
			quote = text.indexOf('"', quote + 2);
		}
		// A quote at the very end may be the first of a doubled pair split across chunks.
		return quote === -1 || quote === text.length - 1 ? INCOMPLETE : quote;
	}

	/**
	 * The value at `start`..`end` of the pending text (inside the quotes of a quoted field), typed
	 * when Infer Types is on and the header is read. A column's values are memoised by their raw
	 * text while it has few distinct ones.
	 */
	private cell(column: number, text: string, start: number, end: number, quoted: boolean): CsvValue {
		const memo = this.memos[column];
		if (memo !== undefined) {
			const known = memo.find(text, start, end, quoted);
			if (known !== undefined) return known;
		}
		let value = this.valueAt(text, start, end);
		// Split and join give one flat string; a replace would give a chain of string pieces.
		if (quoted && value.includes('"')) value = value.split('""').join('"');
		const typed = this.inferTypes && this.header !== undefined ? inferValue(value) : value;
		if (memo !== undefined) {
			if (memo.size < MEMO_LIMIT) memo.add(this.buffer.toString('latin1', start, end), quoted, typed);
			else this.memos[column] = undefined;
		}
		return typed;
	}

	/**
	 * The bytes at `start`..`end` as a string of their own: a short ASCII one is sliced from the text
	 * (V8 copies it), anything else decoded from the bytes as UTF-8, which also copies.
	 */
	private valueAt(text: string, start: number, end: number): string {
		if (end - start < SLICED_MIN_LENGTH && isAsciiText(text, start, end)) return text.slice(start, end);
		return this.buffer.toString('utf8', start, end);
	}

	private toRecord(fieldCount: number): CsvRecord {
		const keys = fieldCount > this.keys.length ? this.keysFor(fieldCount) : this.keys;
		const record: CsvRecord = { ...this.blankRecord };
		fillRecord(record, keys, this.fields, fieldCount);
		return record;
	}

	private setHeader(names: string[]): void {
		// Names as written win; only empty and repeated ones are renamed, around them.
		for (const name of names) {
			if (name !== '' && !isReservedKey(name)) this.usedKeys.add(name);
		}
		const seen = new Set<string>();
		const header = names.map((name, index) => {
			if (name === '' || isReservedKey(name)) return this.uniqueKey(`column_${index + 1}`);
			if (seen.has(name)) return this.uniqueKey(name);
			seen.add(name);
			return name;
		});
		this.header = header;
		this.keys = header.slice();
		this.memos = header.map(() => new CsvValueMemo());
		const blank = this.inferTypes ? null : '';
		// Through JSON.parse, the template holds every column inside the object (built key by key,
		// only the first four are; the rest go to a second array), and so does each record copied
		// from it: one object a row instead of two, and a quarter less memory.
		this.blankRecord = JSON.parse(JSON.stringify(Object.fromEntries(header.map((key) => [key, blank])))) as CsvRecord;
	}

	/** Keys for a row longer than the header: extra values go under `column_<n>`. */
	private keysFor(fieldCount: number): string[] {
		for (let index = this.keys.length; index < fieldCount; index++) {
			this.keys.push(this.uniqueKey(`column_${index + 1}`));
		}
		return this.keys;
	}

	private uniqueKey(name: string): string {
		let key = name;
		for (let suffix = 2; this.usedKeys.has(key) || isReservedKey(key); suffix++) key = `${name}_${suffix}`;
		this.usedKeys.add(key);
		return key;
	}
}

/**
 * Stores the values in a record, the first 16 through a statement each: a statement sees one key
 * all file long, so V8 stores through it as to a known property, where one statement in a loop
 * would look each key up (a megamorphic store). Wider rows store the rest in a loop.
 */
function fillRecord(record: CsvRecord, keys: string[], values: CsvValue[], count: number): void {
	if (count > 0) record[keys[0]] = values[0];
	if (count > 1) record[keys[1]] = values[1];
	if (count > 2) record[keys[2]] = values[2];
	if (count > 3) record[keys[3]] = values[3];
	if (count > 4) record[keys[4]] = values[4];
	if (count > 5) record[keys[5]] = values[5];
	if (count > 6) record[keys[6]] = values[6];
	if (count > 7) record[keys[7]] = values[7];
	if (count > 8) record[keys[8]] = values[8];
	if (count > 9) record[keys[9]] = values[9];
	if (count > 10) record[keys[10]] = values[10];
	if (count > 11) record[keys[11]] = values[11];
	if (count > 12) record[keys[12]] = values[12];
	if (count > 13) record[keys[13]] = values[13];
	if (count > 14) record[keys[14]] = values[14];
	if (count > 15) record[keys[15]] = values[15];
	for (let i = 16; i < count; i++) record[keys[i]] = values[i];
}

/** `__proto__` cannot be an own key of a plain object by assignment; it would vanish from the row. */
function isReservedKey(name: string): boolean {
	return name === '__proto__';
}

function indexOrLength(text: string, search: string, from: number): number {
	const index = text.indexOf(search, from);
	return index === -1 ? text.length : index;
}

/** Whole text at once (inline results, tests). */
export function parseCsv(text: string, options: CsvParserOptions): CsvRecord[] {
	const records: CsvRecord[] = [];
	const collect = (record: CsvRecord) => {
		records.push(record);
	};
	const parser = new CsvStreamParser(options);
	parser.write(text, collect);
	parser.end(collect);
	return records;
}
