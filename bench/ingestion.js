// @ts-check
'use strict';

// 1. Result ingestion: the node's results path (links, download, parse, items) through n8n's real
// execution, against papaparse, csv-parse and uDSV parsing the same bytes in memory, against the
// bare download, and against n8n's own cost of the same rows as items (the floor), on result files
// of 10k, 100k and 1M rows × 12 enrichment columns served by the emulator; the node's parser alone
// on the same bytes, its decoding step alone and its parsing without rows, to break the node's time
// down; and the Sixtyfour Trigger's poll of the 100k-row run. Every case runs ROUNDS times in its
// own process; figures are the median and range of the rounds.
// BENCH_INGESTION_ROWS=10000,100000 runs fewer sizes (a quick check; BENCHMARKS.md is written only
// by a full run).
const path = require('path');
const { installStoredResultFiles } = require('./storedResultFiles');
const { runChild } = require('./childProcess');
const { runSectionWhenMain } = require('./sectionOutput');
const { summary } = require('./stats');

installStoredResultFiles();
const { startEmulator } = require('../test/emulator');

const SIZES = process.env.BENCH_INGESTION_ROWS ? process.env.BENCH_INGESTION_ROWS.split(',').map(Number) : [10_000, 100_000, 1_000_000];
const ROUNDS = 5;
/** Sizes at which memory must not depend on the file: the capped and binary modes run at these. */
const FLAT_MEMORY_SIZES = [100_000, 1_000_000];
const CAPPED_ROWS = 1000;
const PARSERS = ['papaparse', 'csv-parse', 'uDSV'];
/** The node's parser alone, its decoding step, and its parsing without building rows. */
const OUR_PARSER = ['decoding', 'parsing', 'parser'];
/** The file size whose run the trigger's poll fetches. */
const TRIGGER_ROWS = 100_000;
const MB = 2 ** 20;

/**
 * @param {number} rows
 * @returns {import('../test/emulator/catalogue').WorkflowDefinition}
 */
function syntheticWorkflow(rows) {
	return {
		id: `wf_rows_${rows}`,
		name: `${rows} rows`,
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 },
		synthetic: { rows, seed: 64 },
	};
}

/**
 * @param {import('../test/emulator').Emulator} emu
 * @param {string} runId
 * @returns {Promise<string>} the signed link of the run's final file
 */
async function finalFileUrl(emu, runId) {
	const response = await fetch(`${emu.baseUrl}/workflows/runs/${runId}/results/download-links`, {
		headers: { 'x-api-key': emu.apiKey },
	});
	const files = /** @type {Array<{ filename: string, download_url: string }>} */ (await response.json());
	const final = files.find((file) => file.filename === 'enriched_results_final.csv');
	if (!final) throw new Error(`run ${runId} has no final file`);
	return final.download_url;
}

/**
 * Downloads a file once, so that the emulator has stored it before anything is timed. This first
 * download is the emulator generating the file, so its time is the generator's.
 * @param {string} url
 * @returns {Promise<number>} seconds
 */
async function warmUp(url) {
	const started = process.hrtime.bigint();
	const response = await fetch(url);
	for await (const chunk of /** @type {AsyncIterable<Uint8Array>} */ (response.body)) void chunk;
	return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * @param {Record<string, unknown>} input
 */
async function runCase(input) {
	return await runChild(path.join(__dirname, 'ingestionCase.js'), [JSON.stringify(input)], {
		nodeOptions: ['--expose-gc', '--max-old-space-size=8192'],
	});
}

/** @param {unknown} a @param {unknown} b */
const sameRow = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function benchIngestion() {
	const emu = await startEmulator({ recordRequests: false, catalogue: SIZES.map(syntheticWorkflow) });
	try {
		const runIds = SIZES.map((rows) => emu.startRun(`wf_rows_${rows}`, {}).job_id);
		emu.clock.advance(10_000);
		const results = [];
		for (const [index, rows] of SIZES.entries()) {
			const runId = runIds[index];
			const downloadUrl = await finalFileUrl(emu, runId);
			const generatedSeconds = await warmUp(downloadUrl);
			const common = { rounds: ROUNDS, downloadUrl, baseUrl: emu.baseUrl, apiKey: emu.apiKey, runId, cappedRows: CAPPED_ROWS, workflowId: `wf_rows_${rows}` };
			const kinds = [
				'download',
				...PARSERS,
				...OUR_PARSER,
				'items floor',
				'node rows',
				...(FLAT_MEMORY_SIZES.includes(rows) ? ['node rows capped', 'node files'] : []),
				...(rows === TRIGGER_ROWS ? ['trigger poll'] : []),
			];
			/** @type {Record<string, any>} */
			const cases = {};
			for (const kind of kinds) {
				cases[kind] = await runCase({ ...common, kind });
				const times = cases[kind].seconds.map((/** @type {number} */ t) => t.toFixed(3)).join(' ');
				process.stderr.write(`ingestion ${rows} ${kind}: ${times} s, +${(cases[kind].growthBytes / MB).toFixed(0)} MB\n`);
			}
			results.push({ ...summarise(rows, cases), generatorRowsPerSecond: rows / generatedSeconds });
		}
		return results;
	} finally {
		await emu.close();
	}
}

/**
 * Rates, memory and checks for one file size.
 * @param {number} rows
 * @param {Record<string, any>} cases
 */
function summarise(rows, cases) {
	const ours = cases['node rows'];
	const floor = cases['items floor'];
	const parsers = PARSERS.map((kind) => cases[kind]);
	const parser = cases.parser;
	const trigger = cases['trigger poll'];
	const withRows = [...parsers, parser, floor, ...(trigger ? [trigger] : [])];
	const problems = [];
	for (const result of [...withRows, cases.parsing, ours]) {
		if (result.rows !== rows) problems.push(`${result.kind} gave ${result.rows} rows`);
	}
	if (!withRows.every((other) => sameRow(other.first, ours.first) && sameRow(other.last, ours.last))) {
		problems.push('the first or last row differs between the node and the parsers, the floor or the trigger');
	}
	const capped = cases['node rows capped'];
	if (capped && capped.rows !== CAPPED_ROWS) problems.push(`capped mode gave ${capped.rows} rows`);
	const files = cases['node files'];
	if (files && files.bytes !== cases.download.bytes) problems.push(`binary file has ${files.bytes} bytes, the download ${cases.download.bytes}`);
	/**
	 * Median and range of the rounds' times, the rate at the median, and the rounds' garbage
	 * collection time at the median.
	 * @param {any} result
	 * @param {number} [count] rows the case produces
	 */
	const figures = (result, count = rows) =>
		result && {
			kind: result.kind,
			seconds: summary(result.seconds),
			rowsPerSecond: count / summary(result.seconds).median,
			gcSeconds: summary(result.gcSeconds).median,
			memoryMB: result.growthBytes / MB,
		};
	const papaparse = cases.papaparse;
	const median = (/** @type {any} */ result) => summary(result.seconds).median;
	// Each part's median time; parsing and building rows are the differences between the parser's
	// cumulative cases, and what the parts leave of the node's time is its other work.
	const parts = {
		download: median(cases.download),
		decoding: median(cases.decoding),
		parsing: median(cases.parsing) - median(cases.decoding),
		buildingRows: median(parser) - median(cases.parsing),
		items: median(floor),
	};
	const breakdown = {
		...parts,
		other: median(ours) - Object.values(parts).reduce((sum, seconds) => sum + seconds, 0),
		nodeGc: summary(ours.gcSeconds).median,
		parserGc: summary(parser.gcSeconds).median,
	};
	return {
		rows,
		rounds: ours.seconds.length,
		fileMB: cases.download.bytes / MB,
		download: figures(cases.download),
		parsers: parsers.map((baseline) => figures(baseline)),
		parser: figures(parser),
		breakdown,
		trigger: trigger && figures(trigger),
		floor: figures(floor),
		node: figures(ours),
		capped: capped && { ...figures(capped, CAPPED_ROWS), cappedRows: CAPPED_ROWS },
		files: files && figures(files),
		speedVsPapaparse: median(papaparse) / median(ours),
		speedVsFloor: median(floor) / median(ours),
		parserVsUdsv: median(cases.uDSV) / median(parser),
		memoryVsPapaparse: ours.growthBytes / papaparse.growthBytes,
		problems,
	};
}

runSectionWhenMain(module, benchIngestion);

module.exports = { benchIngestion };
