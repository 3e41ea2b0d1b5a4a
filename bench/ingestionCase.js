// @ts-check
'use strict';

// One result-ingestion case, alone in its own process so that peak memory is its own:
//   node --expose-gc bench/ingestionCase.js '<CaseInput JSON>'
// prints {seconds, gcSeconds, rows, memory, ...} as JSON: the time and garbage-collection time of
// every round, and the largest peak RSS growth of the rounds (each round starts after a full
// garbage collection).
const http = require('http');
const path = require('path');
const { PerformanceObserver, performance } = require('perf_hooks');
const { startPhase } = require('./peakMemory');

/**
 * @typedef {'download' | 'papaparse' | 'csv-parse' | 'uDSV' | 'decoding' | 'parsing' | 'parser' | 'items floor' | 'node rows' | 'node rows capped' | 'node files' | 'trigger poll'} CaseKind
 * @typedef {object} CaseInput
 * @property {CaseKind} kind
 * @property {number} rounds
 * @property {string} downloadUrl the signed link of the run's final file
 * @property {string} baseUrl
 * @property {string} apiKey
 * @property {string} runId
 * @property {number} cappedRows
 * @property {string} workflowId the Sixtyfour workflow the run belongs to
 * @typedef {{ rows: number, bytes?: number, first?: unknown, last?: unknown }} Produced
 */

/**
 * The file's bytes, read with Node's plain HTTP client; `keep` false discards them as they come.
 * @param {string} url
 * @param {boolean} keep
 * @returns {Promise<{ bytes: number, body?: Buffer }>}
 */
function download(url, keep) {
	return new Promise((resolve, reject) => {
		http.get(url, (response) => {
			if (response.statusCode !== 200) {
				reject(new Error(`download answered ${response.statusCode}`));
				response.resume();
				return;
			}
			/** @type {Buffer[]} */
			const chunks = [];
			let bytes = 0;
			response.on('data', (/** @type {Buffer} */ chunk) => {
				bytes += chunk.length;
				if (keep) chunks.push(chunk);
			});
			response.on('end', () => resolve({ bytes, body: keep ? Buffer.concat(chunks, bytes) : undefined }));
			response.on('error', reject);
		}).on('error', reject);
	});
}

/** @param {Record<string, unknown>[]} rows */
const produced = (rows) => ({ rows: rows.length, first: rows[0], last: rows[rows.length - 1] });

/** @param {Array<{ json: Record<string, unknown> }>} items */
const producedItems = (items) => ({ rows: items.length, first: items[0]?.json, last: items[items.length - 1]?.json });

/**
 * Gives the function that does the measured work once, after any untimed preparation.
 * @param {CaseInput} input
 * @returns {Promise<() => Promise<Produced>>}
 */
async function prepare(input) {
	if (input.kind === 'download') {
		return async () => ({ rows: NaN, bytes: (await download(input.downloadUrl, false)).bytes });
	}
	if (input.kind === 'papaparse' || input.kind === 'csv-parse') {
		// The bytes are in memory before the clock starts: the baseline is parsing alone.
		const { body } = await download(input.downloadUrl, true);
		const bytes = /** @type {Buffer} */ (body);
		if (input.kind === 'papaparse') {
			const Papa = require('papaparse');
			return async () => produced(Papa.parse(bytes.toString('utf8'), { header: true, skipEmptyLines: true }).data);
		}
		const { parse } = require('csv-parse/sync');
		return async () => produced(parse(bytes, { columns: true, skip_empty_lines: true, bom: true }));
	}
	if (input.kind === 'uDSV') {
		const bytes = /** @type {Buffer} */ ((await download(input.downloadUrl, true)).body);
		const { inferSchema, initParser } = require('udsv');
		return async () => {
			const text = bytes.toString('utf8');
			return produced(initParser(inferSchema(text)).stringObjs(text));
		};
	}
	if (input.kind === 'decoding' || input.kind === 'parsing' || input.kind === 'parser') return await prepareOurParser(input);
	if (input.kind === 'items floor') return await prepareItemsFloor(input);
	if (input.kind === 'trigger poll') return await prepareTriggerPoll(input);
	return await prepareNodeExecution(input);
}

/**
 * The node's parser on the bytes already in memory, fed in the 64 KB chunks a download brings and
 * read in the batches the node reads a download in. `decoding` is its decoding step alone,
 * `parsing` finds the records without reading their values (as binary mode counts them), `parser`
 * builds the rows too.
 * @param {CaseInput} input
 */
async function prepareOurParser(input) {
	const { requireCompiled } = require('./compiled');
	const { BATCH_BYTES, CsvStreamParser } = requireCompiled('nodes/shared/csv/csvParser');
	const { decodeBatch } = requireCompiled('nodes/shared/csv/csvBytes');
	const bytes = /** @type {Buffer} */ ((await download(input.downloadUrl, true)).body);
	const CHUNK = 65536;
	if (input.kind === 'decoding') {
		return async () => {
			let characters = 0;
			for (let start = 0; start < bytes.length; start += BATCH_BYTES) characters += decodeBatch(bytes.subarray(start, start + BATCH_BYTES)).length;
			return { rows: NaN, bytes: characters };
		};
	}
	const countOnly = input.kind === 'parsing';
	return async () => {
		/** @type {Record<string, unknown>[]} */
		const records = [];
		const collect = (/** @type {Record<string, unknown>} */ record) => {
			records.push(record);
		};
		const parser = new CsvStreamParser({ fileName: 'bench.csv', batchBytes: BATCH_BYTES, countOnly });
		for (let start = 0; start < bytes.length; start += CHUNK) parser.write(bytes.subarray(start, start + CHUNK), collect);
		parser.end(collect);
		return countOnly ? { rows: parser.recordCount } : produced(records);
	};
}

/**
 * The Sixtyfour Trigger's "Fetch Test Event" poll through n8n-core's PollContext (the test
 * harness's runPoll), with its default output (one item per run, rows in "rows"), scoped to the
 * workflow of the run, so that the run it fetches is this one.
 * @param {CaseInput} input
 */
async function prepareTriggerPoll(input) {
	const { requireCompiled } = require('./compiled');
	const { runPoll } = requireCompiled('test/harness/index');
	const { SixtyfourTrigger } = requireCompiled('nodes/SixtyfourTrigger/SixtyfourTrigger.node');
	const nodeType = new SixtyfourTrigger();
	const parameters = { workflows: 'one', workflowId: { __rl: true, mode: 'id', value: input.workflowId } };
	const credentials = { sixtyfourApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } };
	return async () => {
		const result = await runPoll({ nodeType, node: { parameters }, credentials, mode: 'manual' });
		if (result.error) throw result.error;
		const items = /** @type {Array<{ json: { rows: Record<string, unknown>[] } }>} */ (result.items?.[0] ?? []);
		if (items.length !== 1) throw new Error(`the poll emitted ${items.length} items, not one run`);
		const { rows } = items[0].json;
		return { rows: rows.length, first: rows[0], last: rows[rows.length - 1] };
	};
}

/**
 * n8n's own cost of the same rows as items, with nothing downloaded or parsed: a node whose
 * execute() builds each row object from cells already split in memory and returns them as items,
 * through the same WorkflowExecute as the Sixtyfour node.
 * @param {CaseInput} input
 */
async function prepareItemsFloor(input) {
	const { requireCompiled } = require('./compiled');
	const { executeWorkflow } = requireCompiled('test/harness/index');
	const Papa = require('papaparse');
	const text = /** @type {Buffer} */ ((await download(input.downloadUrl, true)).body).toString('utf8').replace(/^\uFEFF/, '');
	const [header, ...cells] = /** @type {string[][]} */ (Papa.parse(text, { header: false, skipEmptyLines: true }).data);
	const type = 'bench.itemsFloor';
	const floor = {
		description: {
			displayName: 'Items Floor',
			name: type,
			group: ['transform'],
			version: 1,
			description: 'Returns rows already in memory as items',
			defaults: { name: 'Items Floor' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			const items = new Array(cells.length);
			for (let i = 0; i < cells.length; i++) {
				const row = cells[i];
				/** @type {Record<string, string>} */
				const json = {};
				for (let c = 0; c < header.length; c++) json[header[c]] = row[c];
				items[i] = { json, pairedItem: { item: 0 } };
			}
			return [items];
		},
	};
	return async () => {
		const result = await executeWorkflow({ nodeTypes: { [type]: floor }, node: { name: 'Items Floor', type, parameters: {} } });
		if (result.error) throw result.error;
		return producedItems(result.items[0]);
	};
}

/**
 * The Sixtyfour node's Run → Get Results through n8n-core's WorkflowExecute (the test harness).
 * @param {CaseInput} input
 */
async function prepareNodeExecution(input) {
	const { requireCompiled } = require('./compiled');
	if (input.kind === 'node files') await useFilesystemBinaryData();
	const { executeWorkflow } = requireCompiled('test/harness/index');
	const { Sixtyfour } = requireCompiled('nodes/Sixtyfour/Sixtyfour.node');
	const type = 'n8n-nodes-sixtyfour.sixtyfour';
	const nodeTypes = { [type]: new Sixtyfour() };
	const parameters = {
		resource: 'run',
		operation: 'getResults',
		runId: input.runId,
		resultFile: 'final',
		resultOutput: input.kind === 'node files' ? 'files' : 'rows',
		resultOptions: input.kind === 'node rows capped' ? { maxRows: input.cappedRows } : {},
	};
	const credentials = { sixtyfourApi: { apiKey: input.apiKey, baseUrl: input.baseUrl } };
	return async () => {
		const result = await executeWorkflow({ nodeTypes, node: { name: 'Sixtyfour', type, parameters }, credentials });
		if (result.error) throw result.error;
		const items = result.items[0];
		if (input.kind === 'node files') return { rows: NaN, bytes: items[0].binary.data.bytes };
		return producedItems(items);
	};
}

/**
 * n8n's default binary data mode since 1.x stores files on disk; without it n8n-core keeps them in
 * memory as base64. Set up as n8n does at start-up, in a folder under bench/out.
 */
async function useFilesystemBinaryData() {
	const folder = path.join(__dirname, 'out', 'binary-data');
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	process.env.N8N_BINARY_DATA_STORAGE_PATH = folder;
	const n8nCore = require('n8n-core');
	const { Container } = require(require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }));
	await Container.get(n8nCore.BinaryDataService).init();
}

/** @param {CaseInput} input */
async function main(input) {
	const work = await prepare(input);
	/** @type {Array<{ startTime: number, duration: number }>} */
	const collections = [];
	const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
	observer.observe({ entryTypes: ['gc'] });
	/** @type {Array<{ from: number, to: number }>} */
	const windows = [];
	/** @type {number[]} */
	const seconds = [];
	let growthBytes = 0;
	/** @type {Produced | undefined} */
	let output;
	for (let round = 0; round < input.rounds; round++) {
		output = undefined;
		const phase = startPhase();
		const from = performance.now();
		output = await work();
		const to = performance.now();
		windows.push({ from, to });
		seconds.push((to - from) / 1000);
		growthBytes = Math.max(growthBytes, phase().growthBytes);
	}
	// Entries arrive asynchronously; each round counts the collections that started within it.
	await new Promise((resolve) => setTimeout(resolve, 50));
	observer.disconnect();
	const gcSeconds = windows.map(({ from, to }) =>
		collections.filter((c) => c.startTime >= from && c.startTime < to).reduce((sum, c) => sum + c.duration, 0) / 1000,
	);
	// n8n-core leaves handles open (HTTP agents): exit once the result is out.
	process.stdout.write(`${JSON.stringify({ kind: input.kind, seconds, gcSeconds, growthBytes, ...output })}\n`, () => process.exit(0));
}

main(JSON.parse(process.argv[2])).catch((error) => {
	console.error(error);
	process.exit(1);
});
