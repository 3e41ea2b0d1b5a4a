// @ts-check
'use strict';

const { ENRICHMENT_COLUMNS, rowRandom, enrichmentFor, syntheticRow } = require('./enrichment');
const { blockOutputRows } = require('./runs');
const { cellText } = require('./csv');
const { FORMATS, fileText } = require('./formats');

/**
 * @typedef {import('./runs').Run} Run
 * @typedef {import('./runs').RunState} RunState
 * @typedef {import('./csv').CsvSource} CsvSource
 * @typedef {import('./formats').Format} Format
 *
 * @typedef {object} ResultFile
 * @property {string} filename
 * @property {number} blockNumber
 * @property {number} createdAt
 * @property {string | null} message
 * @property {CsvSource} source its rows
 * @property {Format} format how they are written
 */

const FINAL_NAME = 'enriched_results_final';
const SYNTHETIC_COLUMNS = ['company_name', ...ENRICHMENT_COLUMNS];

/** @type {WeakMap<Run, { inputColumns: string[], merged: Record<string, unknown>[], sizes: Map<string, number> }>} */
const runCaches = new WeakMap();

/** @param {Run} run */
function cacheOf(run) {
	let cache = runCaches.get(run);
	if (!cache) {
		/** @type {Set<string>} */
		const columns = new Set();
		for (const record of run.records) for (const key of Object.keys(record)) columns.add(key);
		cache = { inputColumns: [...columns], merged: [], sizes: new Map() };
		runCaches.set(run, cache);
	}
	return cache;
}

/** @param {unknown} value */
function isBlank(value) {
	return value === undefined || value === null || value === '';
}

/**
 * Input row `index` after enrichment: found rows get every enrichment column the input left
 * blank; rows not found keep their input and say "not_found".
 * @param {Run} run
 * @param {number} index
 * @returns {Record<string, unknown>}
 */
function enrichedRecord(run, index) {
	const cache = cacheOf(run);
	let merged = cache.merged[index];
	if (!merged) {
		const record = run.records[index];
		const found = run.enrichedBefore[index + 1] > run.enrichedBefore[index];
		merged = { ...record, enrichment_status: 'not_found' };
		if (found) {
			const enrichment = enrichmentFor(record, rowRandom(record).random);
			for (const column of ENRICHMENT_COLUMNS) if (isBlank(record[column])) merged[column] = enrichment[column];
			merged.enrichment_status = 'enriched';
		}
		cache.merged[index] = merged;
	}
	return merged;
}

/**
 * What block `blockNumber` wrote after processing its first `processed` rows.
 * @param {Run} run
 * @param {number} blockNumber
 * @param {number} processed
 * @returns {CsvSource}
 */
function blockCsv(run, blockNumber, processed) {
	const { workflow } = run;
	const bom = workflow.csvBom;
	const synthetic = workflow.synthetic;
	if (synthetic) {
		return { columns: SYNTHETIC_COLUMNS, rowCount: processed, row: (i) => syntheticRow(synthetic.seed, i), bom };
	}
	const { inputColumns } = cacheOf(run);
	if (blockNumber === 1) return { columns: inputColumns, rowCount: processed, row: (i) => run.records[i], bom };
	const columns = [...inputColumns, ...ENRICHMENT_COLUMNS.filter((c) => !inputColumns.includes(c))];
	if (blockNumber < workflow.blocks.length) return { columns, rowCount: processed, row: (i) => enrichedRecord(run, i), bom };
	const rowCount = run.enrichedBefore[processed];
	return { columns, rowCount, row: (i) => enrichedRecord(run, run.enrichedIndexes[i]), bom };
}

/**
 * The formats a run writes each block in, in the order its files are listed: CSV unless
 * result_formats names others only, NDJSON when named, JSON with save_json or when named.
 * @param {Run} run
 * @returns {Format[]}
 */
function runFormats(run) {
	const named = run.resultFormats;
	/** @type {Format[]} */
	const formats = [];
	if (named.length === 0 || named.includes('csv')) formats.push(FORMATS.csv);
	if (named.includes('ndjson')) formats.push(FORMATS.ndjson);
	if (run.saveJson || named.includes('json')) formats.push(FORMATS.json);
	return formats;
}

/**
 * The files a run has produced by `state`: for every completed block, plus for a cancelled run
 * the rows its interrupted block had written, one file per format, CSV first.
 * @param {Run} run
 * @param {RunState} state
 * @returns {ResultFile[]}
 */
function resultFiles(run, state) {
	/** @type {ResultFile[]} */
	const files = [];
	const formats = runFormats(run);
	const last = run.workflow.blocks.length;
	for (const block of state.blocks) {
		const complete = block.status === 'completed';
		const partial = block.status === 'cancelled' && blockOutputRows(run, block) > 0;
		if (!complete && !partial) continue;
		const final = complete && block.sequence === last;
		const source = blockCsv(run, block.sequence, block.processed);
		for (const format of formats) {
			files.push({
				filename: `${final ? FINAL_NAME : `results_block_${block.sequence}`}.${format.name}`,
				blockNumber: block.sequence,
				createdAt: /** @type {number} */ (block.endedAt),
				message: final ? 'Final enriched results' : partial ? 'Partial results: the run was cancelled during this block' : null,
				source,
				format,
			});
		}
	}
	return files;
}

/**
 * Size in bytes of a file, or null for synthetic files (measuring one means generating it).
 * @param {Run} run
 * @param {ResultFile} file
 * @returns {number | null}
 */
function fileSize(run, file) {
	if (run.workflow.synthetic) return null;
	const { sizes } = cacheOf(run);
	const key = `${file.filename}:${file.source.rowCount}`;
	let size = sizes.get(key);
	if (size === undefined) {
		size = Buffer.byteLength(fileText(file.format, file.source));
		sizes.set(key, size);
	}
	return size;
}

/**
 * Rows as the CSV holds them (every value a string), for answers that carry results inline.
 * @param {CsvSource} source
 * @param {number} [limit] the first rows only (a delivery's inline results are capped)
 * @returns {Record<string, string>[]}
 */
function inlineRows(source, limit = source.rowCount) {
	/** @type {Record<string, string>[]} */
	const rows = [];
	for (let i = 0; i < Math.min(limit, source.rowCount); i++) {
		const row = source.row(i);
		rows.push(Object.fromEntries(source.columns.map((column) => [column, cellText(row[column])])));
	}
	return rows;
}

module.exports = { resultFiles, fileSize, inlineRows, SYNTHETIC_COLUMNS };
