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
 * @property {(line: string, where: 'quoted' | 'unquoted') => number} cutRecord where to cut a record inside
 *   a field of that kind, -1 when it has none
 *
 * @typedef {object} Truncation
 * @property {'rowBoundary' | 'insideUnquotedField'} [cut]
 * @property {number} [rows] complete rows before the cut
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

// A JSON record cut anywhere is unparseable, so where matters only for CSV.
/** @param {string} line */
const middle = (line) => Math.floor(line.length / 2);

/** @type {Record<FormatName, Format>} */
const FORMATS = {
	csv: { name: 'csv', contentType: 'text/csv', head: csv.csvHead, record: csv.csvRecord, tail: '', cutRecord: csv.cutCsvRecord },
	json: { name: 'json', contentType: 'application/json', head: () => '[', record: (source, i) => (i > 0 ? ',' : '') + jsonText(source, i), tail: ']', cutRecord: middle },
	ndjson: { name: 'ndjson', contentType: 'application/x-ndjson', head: () => '', record: (source, i) => `${jsonText(source, i)}\n`, tail: '', cutRecord: middle },
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
 * A truncated copy of the file: the head and the first `rows` rows (default half), then, unless
 * the cut is at that row boundary, the first later record that has a field of the kind the cut
 * names (default: a quoted one), cut inside it. Without such a record the text is cut half-way.
 * @param {Format} format
 * @param {CsvSource} source
 * @param {Truncation} how
 * @returns {string}
 */
function truncatedText(format, source, how) {
	const rows = Math.min(how.rows ?? Math.floor(source.rowCount / 2), source.rowCount);
	let text = fileText(format, source, rows);
	if (how.cut === 'rowBoundary') return text;
	const where = how.cut === 'insideUnquotedField' ? 'unquoted' : 'quoted';
	for (let i = rows; i < source.rowCount; i++) {
		const line = format.record(source, i);
		const cut = format.cutRecord(line, where);
		if (cut >= 0) return text + line.slice(0, cut);
		text += line;
	}
	return text.slice(0, Math.max(format.head(source).length, Math.floor(text.length / 2)));
}

module.exports = { FORMATS, FORMAT_NAMES, fileChunks, fileText, truncatedText };
