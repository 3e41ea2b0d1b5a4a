import { inferValue, type CsvValue } from './csvValues';

export interface CsvParserOptions {
	/** Named in error messages. */
	fileName: string;
	/** Off by default: values stay strings. */
	inferTypes?: boolean;
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
const BOM = '\ufeff';

const LARGE_RECORD_LENGTH = 65536;

/** Marks a record that the text seen so far does not finish. */
const INCOMPLETE = -1;

/**
 * RFC 4180 parser fed chunk by chunk. It scans with `indexOf` and slices fields out of the text, and
 * keeps only the unfinished last record between chunks, so it is as fast as parsing text already in
 * memory and holds no more than one chunk beyond the records it has handed out.
 */
export class CsvStreamParser {
	private readonly fileName: string;

	private readonly inferTypes: boolean;

	private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

	/** Text not parsed yet; always starts at the beginning of a record. */
	private pending = '';

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

	/** Fields of the record being read; reused from record to record. */
	private readonly fields: string[] = [];

	private count = 0;

	private halted = false;

	constructor(options: CsvParserOptions) {
		this.fileName = options.fileName;
		this.inferTypes = options.inferTypes === true;
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
		this.append(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
		if (this.pending.length >= this.retryAtLength) this.parsePending(onRecord, false);
	}

	/** Flushes the last record; throws CsvFormatError if the file ends inside a quoted field. */
	end(onRecord: CsvRecordHandler): void {
		if (this.halted) return;
		this.append(this.decoder.decode());
		const last = this.pending.charCodeAt(this.pending.length - 1);
		// The end of the file ends the last record as a line break would.
		if (this.pending.length > 0 && last !== LF) this.pending += '\n';
		this.parsePending(onRecord, true);
	}

	private append(text: string): void {
		if (text.length === 0) return;
		if (this.atStart) {
			this.atStart = false;
			if (text.startsWith(BOM)) text = text.slice(1);
		}
		this.pending += text;
	}

	private parsePending(onRecord: CsvRecordHandler, atEnd: boolean): void {
		const text = this.pending;
		const stop = this.parseRecords(text, onRecord);
		if (this.halted) {
			this.pending = '';
			return;
		}
		this.pending = text.slice(stop);
		if (atEnd && this.pending.length > 0) {
			throw new CsvFormatError(this.fileName, this.unterminatedLine, 'unterminated quoted field');
		}
		this.retryAtLength = this.pending.length > LARGE_RECORD_LENGTH ? this.pending.length * 2 : 0;
	}

	/**
	 * Reads every complete record of `text`, which starts at a record start, and returns where the
	 * first incomplete one starts. A record is complete once its line break has been seen.
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
					fields[fieldCount++] = this.quotedValue(text, pos, close);
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
						fields[fieldCount++] = text.slice(pos, nextComma);
						pos = nextComma + 1;
					} else if (nextLf < length) {
						const end = text.charCodeAt(nextLf - 1) === CR && nextLf > pos ? nextLf - 1 : nextLf;
						fields[fieldCount++] = text.slice(pos, end);
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
			if (this.header === undefined) {
				this.setHeader(fields.slice(0, fieldCount));
			} else {
				this.count++;
				if (onRecord(this.toRecord(fieldCount)) === false) {
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

	private quotedValue(text: string, open: number, close: number): string {
		const value = text.slice(open + 1, close);
		return value.includes('"') ? value.replace(/""/g, '"') : value;
	}

	private toRecord(fieldCount: number): CsvRecord {
		const keys = fieldCount > this.keys.length ? this.keysFor(fieldCount) : this.keys;
		const record: CsvRecord = { ...this.blankRecord };
		const fields = this.fields;
		if (this.inferTypes) {
			for (let i = 0; i < fieldCount; i++) record[keys[i]] = inferValue(fields[i]);
		} else {
			for (let i = 0; i < fieldCount; i++) record[keys[i]] = fields[i];
		}
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
		const blank = this.inferTypes ? null : '';
		for (const key of header) this.blankRecord[key] = blank;
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
