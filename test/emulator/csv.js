// @ts-check
'use strict';

const BOM = '\ufeff';
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A CSV file described row by row, so it can be streamed without ever existing in memory.
 * @typedef {object} CsvSource
 * @property {string[]} columns header row
 * @property {number} rowCount
 * @property {(index: number) => Record<string, unknown>} row the row object at `index`
 * @property {boolean} bom whether the file starts with a UTF-8 byte-order mark
 */

/**
 * Text of one cell: empty for null/undefined, JSON for nested objects and arrays.
 * @param {unknown} value
 * @returns {string}
 */
function cellText(value) {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/**
 * One RFC 4180 record with its CRLF: fields holding a comma, quote, CR or LF are quoted, quotes doubled.
 * @param {string[]} cells
 * @returns {string}
 */
function csvLine(cells) {
	let line = '';
	for (let i = 0; i < cells.length; i++) {
		const cell = cells[i];
		if (i > 0) line += ',';
		line += NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
	}
	return `${line}\r\n`;
}

/**
 * @param {CsvSource} source
 * @param {number} index
 * @returns {string[]}
 */
function rowCells(source, index) {
	const row = source.row(index);
	return source.columns.map((column) => cellText(row[column]));
}

/**
 * @param {CsvSource} source
 * @returns {string} BOM (if any) and header line
 */
function csvHead(source) {
	if (source.columns.length === 0) return source.bom ? BOM : '';
	return (source.bom ? BOM : '') + csvLine(source.columns);
}

/**
 * @param {CsvSource} source
 * @param {number} index
 * @returns {string}
 */
function csvRecord(source, index) {
	return csvLine(rowCells(source, index));
}

/**
 * A file made of a head, records and a tail, as string chunks of about `chunkChars` characters.
 * Pulled lazily, so a consumer with backpressure holds one chunk at a time.
 * @param {string} head
 * @param {(index: number) => string} record
 * @param {number} endRow records `[0, endRow)`
 * @param {string} tail
 * @param {number} [chunkChars]
 * @returns {Generator<string>}
 */
function* textChunks(head, record, endRow, tail, chunkChars = 64 * 1024) {
	let chunk = head;
	for (let i = 0; i < endRow; i++) {
		chunk += record(i);
		if (chunk.length >= chunkChars) {
			yield chunk;
			chunk = '';
		}
	}
	chunk += tail;
	if (chunk !== '') yield chunk;
}

/**
 * The CSV file as string chunks: head, then rows `[0, endRow)`.
 * @param {CsvSource} source
 * @param {number} [endRow]
 * @param {number} [chunkChars]
 * @returns {Generator<string>}
 */
function csvChunks(source, endRow = source.rowCount, chunkChars = 64 * 1024) {
	return textChunks(csvHead(source), (i) => csvRecord(source, i), endRow, '', chunkChars);
}

/**
 * Where to cut `line` so the text ends inside its first quoted field, or -1 if it has none.
 * @param {string} line
 * @returns {number}
 */
function cutInsideQuotedField(line) {
	for (let i = 0; i < line.length; i++) {
		if (line[i] === '"' && (i === 0 || line[i - 1] === ',')) {
			const next = line.indexOf('"', i + 1);
			return i + 1 + Math.min(3, next - (i + 1));
		}
	}
	return -1;
}

/**
 * Where to cut `line` so the text ends in the middle of its first unquoted field of at least two
 * characters, or -1 if it has none: the cut looks like a complete, shorter record.
 * @param {string} line
 * @returns {number}
 */
function cutInsideUnquotedField(line) {
	const end = line.length - 2; // before the CRLF
	let start = 0;
	while (start <= end) {
		let next;
		if (line[start] === '"') {
			// Past the closing quote; doubled quotes inside reopen the search.
			next = start + 1;
			while ((next = line.indexOf('"', next) + 1) > 0 && line[next] === '"') next++;
		} else {
			next = line.indexOf(',', start);
			if (next < 0 || next > end) next = end;
			if (next - start >= 2) return start + Math.floor((next - start) / 2);
		}
		start = next + 1;
	}
	return -1;
}

/**
 * Where to cut a CSV record mid-record.
 * @param {string} line
 * @param {'quoted' | 'unquoted'} where inside which kind of field
 */
function cutCsvRecord(line, where) {
	return where === 'quoted' ? cutInsideQuotedField(line) : cutInsideUnquotedField(line);
}

module.exports = { cellText, csvLine, csvHead, csvRecord, textChunks, csvChunks, cutCsvRecord, rowCells };
