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
 * The file as a sequence of string chunks of about `chunkChars` characters: head, then rows
 * `[0, endRow)`. Pulled lazily, so a consumer with backpressure holds one chunk at a time.
 * @param {CsvSource} source
 * @param {number} [endRow]
 * @param {number} [chunkChars]
 * @returns {Generator<string>}
 */
function* csvChunks(source, endRow = source.rowCount, chunkChars = 64 * 1024) {
	let chunk = csvHead(source);
	for (let i = 0; i < endRow; i++) {
		chunk += csvRecord(source, i);
		if (chunk.length >= chunkChars) {
			yield chunk;
			chunk = '';
		}
	}
	if (chunk !== '') yield chunk;
}

/**
 * @param {CsvSource} source
 * @returns {string} the whole file; for small files only
 */
function csvText(source) {
	let text = '';
	for (const chunk of csvChunks(source)) text += chunk;
	return text;
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
 * A truncated copy of the file: the head and the first half of the rows, then the first later row
 * that has a quoted field, cut inside that field. Without any quoted field it is cut mid-row.
 * @param {CsvSource} source
 * @returns {string}
 */
function truncatedCsv(source) {
	const half = Math.floor(source.rowCount / 2);
	let text = '';
	for (const chunk of csvChunks(source, half)) text += chunk;
	for (let i = half; i < source.rowCount; i++) {
		const line = csvRecord(source, i);
		const cut = cutInsideQuotedField(line);
		if (cut >= 0) return text + line.slice(0, cut);
		text += line;
	}
	return text.slice(0, Math.max(csvHead(source).length, Math.floor(text.length / 2)));
}

module.exports = { cellText, csvLine, csvChunks, csvText, truncatedCsv, rowCells };
