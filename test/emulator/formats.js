// @ts-check
'use strict';

const csv = require('./csv');

/**
 * @typedef {import('./csv').CsvSource} CsvSource
 * @typedef {'csv' | 'ndjson' | 'json'} FormatName
 *
 * @typedef {object} Format how one result format writes a block's rows
 * @property {FormatName} name also the filename extension
 * @property {string} contentType
 * @property {(source: CsvSource) => string} head
 * @property {(source: CsvSource, index: number) => string} record row `index` as the file holds it, with its separator
 * @property {string} tail
 * @property {(line: string) => number} cutMidRecord where the default truncation cuts a record, -1 to try the next one
 */

/**
 * Row `index` as a JSON object's text: the CSV's columns in its order, values as they are
 * (numbers, nested objects), null where the row has none.
 * @param {CsvSource} source
 * @param {number} index
 */
function jsonText(source, index) {
	const row = source.row(index);
	/** @type {Record<string, unknown>} */
	const object = {};
	for (const column of source.columns) object[column] = row[column] ?? null;
	return JSON.stringify(object);
}

/** @param {string} line */
const middle = (line) => Math.floor(line.length / 2);

/** @type {Record<FormatName, Format>} */
const FORMATS = {
	csv: { name: 'csv', contentType: 'text/csv', head: csv.csvHead, record: csv.csvRecord, tail: '', cutMidRecord: csv.cutInsideQuotedField },
	json: { name: 'json', contentType: 'application/json', head: () => '[', record: (source, i) => (i > 0 ? ',' : '') + jsonText(source, i), tail: ']', cutMidRecord: middle },
	ndjson: { name: 'ndjson', contentType: 'application/x-ndjson', head: () => '', record: (source, i) => `${jsonText(source, i)}\n`, tail: '', cutMidRecord: middle },
};
const FORMAT_NAMES = /** @type {FormatName[]} */ (Object.keys(FORMATS));

/**
 * The file as string chunks, pulled lazily: head, rows `[0, endRow)` and, when complete, the tail.
 * @param {Format} format
 * @param {CsvSource} source
 * @param {number} [endRow]
 * @returns {Iterable<string>}
 */
function fileChunks(format, source, endRow = source.rowCount) {
	// Looked up on the module each time: bench/storedResultFiles.js replaces csv.csvChunks.
	if (format.name === 'csv') return csv.csvChunks(source, endRow);
	return csv.textChunks(format.head(source), (i) => format.record(source, i), endRow, endRow === source.rowCount ? format.tail : '');
}

/**
 * @param {Format} format
 * @param {CsvSource} source
 * @param {number} [endRow]
 * @returns {string} the file, or its first `endRow` rows; for small files only
 */
function fileText(format, source, endRow) {
	let text = '';
	for (const chunk of fileChunks(format, source, endRow)) text += chunk;
	return text;
}

/**
 * A truncated copy of the file: the head and the first half of the rows, then the first later
 * record the format can cut mid-record (for CSV: inside a quoted field). Without one it is cut
 * half-way.
 * @param {Format} format
 * @param {CsvSource} source
 * @returns {string}
 */
function truncatedText(format, source) {
	const half = Math.floor(source.rowCount / 2);
	let text = fileText(format, source, half);
	for (let i = half; i < source.rowCount; i++) {
		const line = format.record(source, i);
		const cut = format.cutMidRecord(line);
		if (cut >= 0) return text + line.slice(0, cut);
		text += line;
	}
	return text.slice(0, Math.max(format.head(source).length, Math.floor(text.length / 2)));
}

module.exports = { FORMATS, FORMAT_NAMES, fileChunks, fileText, truncatedText };
