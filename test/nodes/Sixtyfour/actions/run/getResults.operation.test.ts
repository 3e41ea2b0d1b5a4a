// Run → Get Results through n8n-core's WorkflowExecute against the emulator on a manual clock: which
// file, rows or binary files, options, inline rows, exact CSV, refused and broken downloads, and the
// API key kept away from the storage host and out of every output and error.
import Papa from 'papaparse';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import type { RecordedRequest } from '../../../../emulator/http-util';
import { LEAD_RECORDS, testCatalogue } from '../../../../emulator/test-support';
import type { ExecuteWorkflowResult } from '../../../../harness';
import {
	errorFields,
	expectNowhere,
	outputOf,
	requestLines,
	runNode,
	runParameters,
	servedFiles,
	waitUntil,
	type RunNodeOptions,
	type ServedFile,
} from '../../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../../harness/kits/useEmulator';

// Distinctive, so that finding it anywhere in an output or error is a real leak.
const CREDENTIAL_VALUE = 'results-test-5e1c0ffee';
const SYNTHETIC_ROWS = 1_000_000;

let emu: Emulator;
const runs = { lead: '', inline: '', bom: '', huge: '' };
let leadFiles: ServedFile[];
/** Every storage request of the file, kept across the per-test clearing of the log. */
const storageRequests: RecordedRequest[] = [];

// Registered before useEmulator's own beforeEach, so it runs first: it keeps the storage requests
// of the set-up and of the test before, which that beforeEach then clears from the log.
beforeEach(() => storageRequests.push(...emu.requests.filter((request) => request.origin === 'storage')));
useEmulator(
	{
		apiKey: CREDENTIAL_VALUE,
		clock: { mode: 'manual' },
		catalogue: [
			...testCatalogue(),
			{ id: 'wf_bom_download', name: 'BOM', source: 'webhook', blocks: ['webhook', 'enrich_company'], enrichmentRate: 1, csvBom: true },
			{
				id: 'wf_huge',
				name: 'Huge',
				source: 'webhook',
				blocks: ['webhook', 'enrich_company'],
				synthetic: { rows: SYNTHETIC_ROWS, seed: 1 },
				timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 },
			},
		],
	},
	(started) => (emu = started),
);
beforeAll(async () => {
	runs.lead = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id;
	runs.inline = emu.startRun('wf_bom', { webhook_payload: LEAD_RECORDS }).job_id;
	runs.bom = emu.startRun('wf_bom_download', { webhook_payload: LEAD_RECORDS }).job_id;
	runs.huge = emu.startRun('wf_huge', {}).job_id;
	emu.clock.advance(60_000);
	leadFiles = await servedFiles(emu, runs.lead);
});
beforeEach(() => emu.faults.clear());

/** Runs Get Results and checks that the API key is nowhere in what came out. */
async function getResults(
	runId: string,
	parameters: INodeParameters = {},
	options: RunNodeOptions = {},
): Promise<ExecuteWorkflowResult> {
	const result = await runNode(emu, runParameters('getResults', { runId, ...parameters }), options);
	expectNowhere(result, CREDENTIAL_VALUE);
	return result;
}

function rowItems(rows: IDataObject[], pairedItem = [{ item: 0 }]): INodeExecutionData[] {
	return rows.map((row) => ({ json: row, pairedItem }));
}

/** Get Results of the lead run, whose link's 60 s run out while its first download waits at the storage host. */
async function resultsWithLinkExpiring(): Promise<INodeExecutionData[]> {
	emu.setLinkTtl(60);
	emu.faults.add({ route: 'storage', type: 'latency', ms: 300 });
	const running = getResults(runs.lead);
	await waitUntil(() => emu.requests.some((request) => request.origin === 'storage'));
	emu.clock.advance(61_000);
	const items = outputOf(await running);
	emu.setLinkTtl(900);
	return items;
}

const linksCall = (runId: string) => `GET /workflows/runs/${runId}/results/download-links`;
const storageStatuses = () => emu.requests.filter((request) => request.origin === 'storage').map((request) => request.status);

describe('which file', () => {
	test('the final results by default: the highest block\'s file, one item per row', async () => {
		const items = outputOf(await getResults(runs.lead));
		expect(leadFiles.map((file) => [file.block_number, file.filename, file.row_count])).toEqual([
			[1, 'results_block_1.csv', 3],
			[2, 'results_block_2.csv', 3],
			[3, 'enriched_results_final.csv', 2],
		]);
		expect(items).toEqual(rowItems(leadFiles[2].rows));
		expect(requestLines(emu)).toEqual([linksCall(runs.lead)]);
		expect(requestLines(emu, 'storage')).toEqual([
			expect.stringMatching(new RegExp(`^GET /sixtyfour-results/${runs.lead}/enriched_results_final\\.csv\\?expires=\\d+&signature=[0-9a-f]{64}$`)),
		]);
	});

	test('quoted commas, quotes, line breaks and unicode come out exact, values as text', async () => {
		const items = outputOf(await getResults(runs.lead));
		expect(items.map((item) => item.json)).toEqual([
			{
				company_name: 'TechStart Inc',
				website: 'techstart.io',
				industry: 'Retail & E-commerce',
				email: 'amara.okafor@techstart.io',
				domain: 'techstart.io',
				employee_count: '24',
				headquarters: 'London, UK',
				linkedin_url: 'https://www.linkedin.com/company/techstart-inc',
				contact_name: 'Amara Okafor',
				title: 'VP of Sales',
				phone: '+1 (415) 555-5271',
				description: 'TechStart Inc is a retail & e-commerce company in London, UK.\nKnown for "fast" onboarding; 24 staff.',
				enrichment_status: 'enriched',
			},
			{
				company_name: 'Zürich AG',
				website: '',
				industry: 'Healthcare, Biotech',
				email: 'x@z.ch',
				domain: 'z.ch',
				employee_count: '420',
				headquarters: 'Zürich, Schweiz',
				linkedin_url: 'https://www.linkedin.com/company/zurich-ag',
				contact_name: 'Ana Müller',
				title: 'VP of Sales',
				phone: '+1 (415) 555-0165',
				description: 'Zürich AG is a healthcare, biotech company in Zürich, Schweiz.',
				enrichment_status: 'enriched',
			},
		]);
		// The served file really holds those characters quoted, with CRLF line ends.
		const text = leadFiles[2].bytes.toString('utf8');
		expect(text).toContain('"TechStart Inc is a retail & e-commerce company in London, UK.\nKnown for ""fast"" onboarding; 24 staff."');
		expect(text).toContain('"Healthcare, Biotech"');
		expect(text.endsWith('\r\n')).toBe(true);
	});

	test('all files, in block order', async () => {
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all' }));
		expect(items).toEqual(rowItems(leadFiles.flatMap((file) => file.rows)));
		expect(items).toHaveLength(8);
		expect(requestLines(emu, 'storage').map((line) => line.split('?')[0])).toEqual([
			`GET /sixtyfour-results/${runs.lead}/results_block_1.csv`,
			`GET /sixtyfour-results/${runs.lead}/results_block_2.csv`,
			`GET /sixtyfour-results/${runs.lead}/enriched_results_final.csv`,
		]);
	});

	test('one block', async () => {
		const items = outputOf(await getResults(runs.lead, { resultFile: 'block', blockNumber: 2 }));
		expect(items).toEqual(rowItems(leadFiles[1].rows));
		expect(requestLines(emu, 'storage')).toHaveLength(1);
	});

	test('a block without a file is an error listing the blocks that have one', async () => {
		const result = await getResults(runs.lead, { resultFile: 'block', blockNumber: 7 });
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: `Run "${runs.lead}" has no result file for block 7`,
			description: 'Blocks with result files: 1, 2, 3.',
			httpCode: null,
		});
		expect(requestLines(emu, 'storage')).toEqual([]);
	});

	test('a run still queued that has written nothing gives no items, after one status check', async () => {
		const runId = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }).job_id;
		expect(outputOf(await getResults(runId, { resultFile: 'all' }))).toEqual([]);
		expect(requestLines(emu)).toEqual([linksCall(runId), `GET /workflows/runs/${runId}/live_status`]);
	});

	test('an unknown run is a 404 naming it', async () => {
		expect(errorFields(await getResults('run_nope'))).toEqual({
			type: 'NodeApiError',
			message: 'Sixtyfour has no run "run_nope"',
			description:
				"Check the ID (Sixtyfour said: Workflow run 'run_nope' not found). Workflow IDs are shown in the Sixtyfour workflow editor; run IDs are the job_id of a started run.",
			httpCode: '404',
		});
	});
});

describe('links entries without a name or block number: nothing made up', () => {
	test('without names: every row and file comes through, with filename null and the real block numbers', async () => {
		emu.faults.add({ route: 'download_links', type: 'omitFields', fields: ['filename'], times: Infinity });
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOptions: { addRunMetadata: true } }));
		expect(items).toEqual(
			rowItems(
				leadFiles.flatMap((file) =>
					file.rows.map((row) => ({ ...row, sixtyfour_job_id: runs.lead, sixtyfour_block_number: file.block_number, sixtyfour_filename: null })),
				),
			),
		);
		const files = outputOf(await getResults(runs.lead, { resultOutput: 'files' }));
		// The node passes no name; n8n's binary store names the data after the storage response it read.
		expect(files.map((item) => [item.json.filename, item.json.block_number, item.binary!.data.fileName])).toEqual([[null, 3, 'enriched_results_final.csv']]);
	});

	test('without block numbers: Final cannot tell which file is final and says so; All Files reads them all, block null', async () => {
		emu.faults.add({ route: 'download_links', type: 'omitFields', fields: ['block_number'], times: Infinity });
		expect(errorFields(await getResults(runs.lead))).toEqual({
			type: 'NodeOperationError',
			message: `Which result file of run "${runs.lead}" holds the final results cannot be told`,
			description:
				'3 of its 3 result files give no block number (results_block_1.csv (text/csv), results_block_2.csv (text/csv), enriched_results_final.csv (text/csv)). Choose All Files to read every CSV file, each row naming its file.',
			httpCode: null,
		});
		expect(requestLines(emu, 'storage')).toEqual([]);
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOptions: { addRunMetadata: true } }));
		expect(items).toEqual(
			rowItems(
				leadFiles.flatMap((file) =>
					file.rows.map((row) => ({ ...row, sixtyfour_job_id: runs.lead, sixtyfour_block_number: null, sixtyfour_filename: file.filename })),
				),
			),
		);
		expect(errorFields(await getResults(runs.lead, { resultFile: 'block', blockNumber: 3 })).description).toBe(
			'Blocks with result files: none yet; 3 file(s) give no block number: results_block_1.csv (text/csv), results_block_2.csv (text/csv), enriched_results_final.csv (text/csv).',
		);
	});

	test('a file without a name whose link expires is signed again by its link\'s path, and read', async () => {
		emu.faults.add({ route: 'download_links', type: 'omitFields', fields: ['filename'], times: Infinity });
		expect(await resultsWithLinkExpiring()).toEqual(rowItems(leadFiles[2].rows));
		expect(storageStatuses()).toEqual([403, 200]);
	});
});

describe('output and options', () => {
	test('one item per file: the CSV as binary data, byte for byte', async () => {
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOutput: 'files' }));
		expect(items.map((item) => ({ ...item, binary: undefined }))).toEqual(
			leadFiles.map((file) => ({
				json: {
					job_id: runs.lead,
					filename: file.filename,
					block_number: file.block_number,
					row_count: file.row_count,
					message: file.message,
				},
				binary: undefined,
				pairedItem: [{ item: 0 }],
			})),
		);
		expect(leadFiles.map((file) => file.message)).toEqual([null, null, 'Final enriched results']);
		items.forEach((item, index) => {
			const { data, ...binary } = item.binary!.data;
			expect(binary).toEqual({
				mimeType: 'text/csv',
				fileName: leadFiles[index].filename,
				fileExtension: 'csv',
				fileType: 'text',
				bytes: leadFiles[index].bytes.length,
				fileSize: expect.any(String),
			});
			expect(Buffer.from(data, 'base64').equals(leadFiles[index].bytes)).toBe(true);
		});
	});

	test('Binary Property names where the file goes', async () => {
		const items = outputOf(
			await getResults(runs.lead, { resultOutput: 'files', resultOptions: { binaryPropertyName: 'csv' } }),
		);
		expect(Object.keys(items[0].binary!)).toEqual(['csv']);
		expect(Buffer.from(items[0].binary!.csv.data, 'base64').equals(leadFiles[2].bytes)).toBe(true);
	});

	test('Max Rows counts over all files and leaves later files undownloaded', async () => {
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOptions: { maxRows: 4 } }));
		expect(items).toEqual(rowItems([...leadFiles[0].rows, leadFiles[1].rows[0]]));
		expect(requestLines(emu, 'storage')).toHaveLength(2);
	});

	test('Max Rows stops the download: 5 rows of a 1,000,000-row file cost one request and no full transfer', async () => {
		const expected = await firstRows(runs.huge, 5);
		emu.clearRequests();
		const started = Date.now();
		const items = outputOf(await getResults(runs.huge, { resultOptions: { maxRows: 5 } }));
		const elapsedMs = Date.now() - started;
		expect(items).toEqual(rowItems(expected));
		// Serving all 330 MB takes the emulator several seconds of CPU; five rows take milliseconds.
		expect(elapsedMs).toBeLessThan(2500);
		// The node closes the transfer rather than leaving it paused: the storage host sees it end.
		await waitUntil(() => storageStatuses().every((status) => status !== null), 2000);
		expect(storageStatuses()).toEqual([200]);
	});

	test('Infer Types turns numbers into numbers and empty values into null', async () => {
		const items = outputOf(await getResults(runs.lead, { resultOptions: { inferTypes: true } }));
		expect(items[1].json).toMatchObject({ website: null, employee_count: 420, phone: '+1 (415) 555-0165' });
		expect(items[0].json).toMatchObject({ employee_count: 24, website: 'techstart.io' });
	});

	test('Add Run Metadata adds the job id, block number and file name to each row', async () => {
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOptions: { addRunMetadata: true } }));
		expect(items).toEqual(
			rowItems(
				leadFiles.flatMap((file) =>
					file.rows.map((row) => ({
						...row,
						sixtyfour_job_id: runs.lead,
						sixtyfour_block_number: file.block_number,
						sixtyfour_filename: file.filename,
					})),
				),
			),
		);
	});

	test('each input item gets its run\'s rows, paired to it', async () => {
		const result = await getResults('={{ $json.runId }}', {}, {
			inputItems: [{ json: { runId: runs.lead } }, { json: { runId: runs.inline } }],
		});
		const inlineRows = (await servedFiles(emu, runs.inline))[1].rows;
		expect(outputOf(result)).toEqual([
			...rowItems(leadFiles[2].rows, [{ item: 0 }]),
			...rowItems(inlineRows, [{ item: 1 }]),
		]);
	});
});

describe('file formats', () => {
	test('rows given inline in the links answer are used without any download', async () => {
		const items = outputOf(await getResults(runs.inline, { resultFile: 'all' }));
		const files = await servedFiles(emu, runs.inline);
		expect(items).toEqual(rowItems(files.flatMap((file) => file.rows)));
		expect(items).toHaveLength(6);
		expect(requestLines(emu)).toEqual([linksCall(runs.inline)]);
		expect(requestLines(emu, 'storage')).toEqual([]);
	});

	test('a file starting with a byte-order mark: the first column keeps its plain name', async () => {
		const [, final] = await servedFiles(emu, runs.bom);
		expect([...final.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const items = outputOf(await getResults(runs.bom));
		expect(items).toEqual(rowItems(final.rows));
		expect(Object.keys(items[0].json)[0]).toBe('company_name');
		expect(items.map((item) => item.json.company_name)).toEqual(['Acme Corp', 'TechStart Inc', 'Zürich AG']);
		expect(requestLines(emu, 'storage')).toHaveLength(1);
	});
});

describe('refused and broken downloads', () => {
	test('a link that expires before it is used is signed again once and the download retried', async () => {
		const items = await resultsWithLinkExpiring();
		expect(items).toEqual(rowItems(leadFiles[2].rows));
		expect(requestLines(emu)).toEqual([linksCall(runs.lead), linksCall(runs.lead)]);
		expect(storageStatuses()).toEqual([403, 200]);
	});

	test('a link refused twice is a clear error', async () => {
		emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		expect(errorFields(await getResults(runs.lead))).toEqual({
			type: 'NodeApiError',
			message: 'The storage host refused result file "enriched_results_final.csv" (403), also with a fresh link',
			description:
				"Signed result links are valid for 15 minutes. Check that this n8n instance's clock is right and try again.",
			httpCode: '403',
		});
		expect(requestLines(emu)).toEqual([linksCall(runs.lead), linksCall(runs.lead)]);
		expect(storageStatuses()).toEqual([403, 403]);
	});

	test('Continue On Fail: a refused file becomes an error item', async () => {
		emu.faults.add({ route: 'storage', type: 'status', status: 403, times: 2 });
		const result = await getResults(runs.lead, {}, { continueOnFail: true });
		expect(outputOf(result)).toEqual([
			{
				json: { error: 'The storage host refused result file "enriched_results_final.csv" (403), also with a fresh link' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a reset mid-download is retried with a fresh link; no row is doubled', async () => {
		emu.faults.add({ route: 'storage', type: 'resetMidBody' });
		const items = outputOf(await getResults(runs.lead, { resultFile: 'block', blockNumber: 1 }));
		expect(items).toEqual(rowItems(leadFiles[0].rows));
		expect(storageStatuses()).toEqual([200, 200]);
		expect(requestLines(emu)).toEqual([linksCall(runs.lead), linksCall(runs.lead)]);
	});

	test('a reset mid-download of a binary file is retried; the file comes out whole', async () => {
		emu.faults.add({ route: 'storage', type: 'resetMidBody' });
		const items = outputOf(await getResults(runs.lead, { resultOutput: 'files' }));
		expect(items).toHaveLength(1);
		expect(Buffer.from(items[0].binary!.data.data, 'base64').equals(leadFiles[2].bytes)).toBe(true);
		expect(storageStatuses()).toEqual([200, 200]);
	});

	test('a truncated CSV is retried with a fresh link', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate' });
		const items = outputOf(await getResults(runs.lead));
		expect(items).toEqual(rowItems(leadFiles[2].rows));
		expect(storageStatuses()).toEqual([200, 200]);
	});

	test('resets on every try: an error naming the file after three tries', async () => {
		emu.faults.add({ route: 'storage', type: 'resetMidBody', times: Infinity });
		expect(errorFields(await getResults(runs.lead))).toEqual({
			type: 'NodeApiError',
			message: 'Downloading result file "enriched_results_final.csv" failed after 3 tries (aborted)',
			description: 'The storage host did not deliver the whole file. Run this step again.',
			httpCode: null,
		});
		expect(storageStatuses()).toHaveLength(3);
	});

	test('truncated on every try: an error naming the file, the rows expected and received, no rows', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', times: Infinity });
		const result = await getResults(runs.lead);
		expect(result.items).toEqual([]);
		// The cut falls inside a quoted field: the file is short, not malformed.
		const size = leadFiles[2].bytes.length;
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: expect.stringMatching(
				new RegExp(`^Result file "enriched_results_final\\.csv" of run "${runs.lead}" arrived incomplete in 3 downloads: 1 of 2 rows, \\d+ of ${size} bytes$`),
			),
			description:
				"Sixtyfour's links answer says how many rows (row_count) and bytes (file_size) the file holds; the storage host delivered less every time. No rows were returned from it. Run this step again later.",
			httpCode: null,
		});
		expect(storageStatuses()).toEqual([200, 200, 200]);
	});
});

describe('the API key', () => {
	test('was sent to the API origin and never to the storage origin', async () => {
		await getResults(runs.lead, { resultFile: 'all' });
		storageRequests.push(...emu.requests.filter((request) => request.origin === 'storage'));
		const apiRequests = emu.requests.filter((request) => request.origin === 'api');
		expect(apiRequests.every((request) => request.headers['x-api-key'] === CREDENTIAL_VALUE)).toBe(true);
		expect(storageRequests.length).toBeGreaterThan(30);
		for (const request of storageRequests) {
			expect(request.headers['x-api-key']).toBeUndefined();
			expect(JSON.stringify(request)).not.toContain(CREDENTIAL_VALUE);
		}
	});
});

/** The first `count` rows of a run's final file, read with a plain fetch that stops early. */
async function firstRows(runId: string, count: number): Promise<IDataObject[]> {
	const [, final] = await linksOf(runId);
	const response = await fetch(final.download_url);
	const reader = response.body!.getReader();
	const { value } = await reader.read();
	await reader.cancel();
	const text = Buffer.from(value!).toString('utf8');
	return Papa.parse<IDataObject>(text, { header: true, preview: count }).data;
}

async function linksOf(runId: string): Promise<Array<{ download_url: string }>> {
	const logged = emu.requests.length;
	const answer = await fetch(`${emu.baseUrl}/workflows/runs/${runId}/results/download-links`, {
		headers: { 'x-api-key': emu.apiKey },
	});
	const links = (await answer.json()) as Array<{ download_url: string; block_number: number }>;
	emu.requests.splice(logged);
	return links.sort((a, b) => a.block_number - b.block_number);
}
