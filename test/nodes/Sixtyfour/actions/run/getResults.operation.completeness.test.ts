// Nothing of a run's results is lost silently (issue 9), through n8n-core's WorkflowExecute against
// the emulator on a manual clock: only CSV entries are read when a run has several formats; every
// file read to its end is checked against its row_count and file_size and downloaded again when
// short, then reported; and a completed run whose files are not published yet is waited for.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseCsv } from '../../../../../nodes/shared/csv/csvParser';
import type { Emulator } from '../../../../emulator';
import type { WorkflowDefinition } from '../../../../emulator/catalogue';
import { LEAD_RECORDS, testCatalogue } from '../../../../emulator/test-support';
import type { ExecuteWorkflowResult } from '../../../../harness';
import {
	errorFields,
	locator,
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

/** The lead workflow with its files published 5 s (emulated) after the run ends. */
const LATE_FILES_MS = 5000;
const catalogue: WorkflowDefinition[] = [
	...testCatalogue(),
	{
		id: 'wf_late',
		name: 'Late files',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company', 'find_email'],
		enrichmentRate: 0.8,
		timing: { queueMs: 1000, blockBaseMs: 10000, perRowMs: 1000, filesDelayMs: LATE_FILES_MS },
	},
	// Synthetic files carry no file_size, so only the record count can tell a short one; their
	// quoted fields hold line breaks, so lines are not records.
	{
		id: 'wf_synthetic',
		name: 'Synthetic',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company'],
		synthetic: { rows: 20, seed: 7 },
		timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 },
	},
];
/** Three records end a wf_late run 40 s after it is queued. */
const LATE_RUN_MS = 40_000;
const fastWait = { minPollIntervalSeconds: 0.02, maxPollIntervalSeconds: 0.2 };

let emu: Emulator;
const runs = { lead: '', csvAndNdjson: '', saveJson: '', ndjsonOnly: '', inline: '', synthetic: '' };
let leadFiles: ServedFile[];

useEmulator({ clock: { mode: 'manual' }, catalogue }, (started) => (emu = started));
beforeAll(async () => {
	const payload = { webhook_payload: LEAD_RECORDS };
	runs.lead = emu.startRun('wf_lead', payload).job_id;
	runs.csvAndNdjson = emu.startRun('wf_lead', payload, { resultFormats: ['csv', 'ndjson'] }).job_id;
	runs.saveJson = emu.startRun('wf_lead', payload, { saveJson: true }).job_id;
	runs.ndjsonOnly = emu.startRun('wf_lead', payload, { resultFormats: ['ndjson'] }).job_id;
	runs.inline = emu.startRun('wf_bom', payload).job_id;
	runs.synthetic = emu.startRun('wf_synthetic', {}).job_id;
	emu.clock.advance(60_000);
	leadFiles = await servedFiles(emu, runs.lead);
});
beforeEach(() => emu.faults.clear());

async function getResults(runId: string, parameters: INodeParameters = {}, options: RunNodeOptions = {}): Promise<ExecuteWorkflowResult> {
	return await runNode(emu, runParameters('getResults', { runId, ...parameters }), options);
}

function rowItems(rows: IDataObject[], pairedItem: unknown = [{ item: 0 }]): INodeExecutionData[] {
	return rows.map((row) => ({ json: row, pairedItem })) as INodeExecutionData[];
}

const linksCall = (runId: string) => `GET /workflows/runs/${runId}/results/download-links`;
const statusCall = (runId: string) => `GET /workflows/runs/${runId}/live_status`;
const linksCalls = (runId: string) => requestLines(emu).filter((line) => line === linksCall(runId)).length;
const storagePaths = () => requestLines(emu, 'storage').map((line) => line.split('?')[0].replace(/^GET \/sixtyfour-results\/run_\w+\//, ''));
const storageStatuses = () => emu.requests.filter((request) => request.origin === 'storage').map((request) => request.status);
const csvFiles = (files: ServedFile[]) => files.filter((file) => file.filename.endsWith('.csv'));

describe('formats: only CSV entries are read', () => {
	// servedFiles reads every entry as CSV, and papaparse warns about the NDJSON and JSON ones; only
	// the CSV entries are compared.
	beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
	afterAll(() => jest.restoreAllMocks());

	test('result_formats csv and ndjson: Final Results reads the final CSV, not the NDJSON listed after it', async () => {
		const files = await servedFiles(emu, runs.csvAndNdjson);
		const finals = files.filter((file) => file.block_number === 3);
		expect(finals.map((file) => file.filename)).toEqual(['enriched_results_final.csv', 'enriched_results_final.ndjson']);
		const items = outputOf(await getResults(runs.csvAndNdjson));
		expect(items).toEqual(rowItems(finals[0].rows));
		expect(items.map((item) => item.json.company_name)).toEqual(['TechStart Inc', 'Zürich AG']);
		expect(storagePaths()).toEqual(['enriched_results_final.csv']);
	});

	test('save_json: All Files reads each block\'s CSV in block order and never the JSON', async () => {
		const files = await servedFiles(emu, runs.saveJson);
		expect(files.map((file) => file.filename)).toEqual([
			'results_block_1.csv',
			'results_block_1.json',
			'results_block_2.csv',
			'results_block_2.json',
			'enriched_results_final.csv',
			'enriched_results_final.json',
		]);
		const items = outputOf(await getResults(runs.saveJson, { resultFile: 'all' }));
		expect(items).toEqual(rowItems(csvFiles(files).flatMap((file) => file.rows)));
		expect(storagePaths()).toEqual(['results_block_1.csv', 'results_block_2.csv', 'enriched_results_final.csv']);
	});

	test('One Block reads that block\'s CSV', async () => {
		const files = await servedFiles(emu, runs.csvAndNdjson);
		const items = outputOf(await getResults(runs.csvAndNdjson, { resultFile: 'block', blockNumber: 2 }));
		expect(items).toEqual(rowItems(files.find((file) => file.filename === 'results_block_2.csv')!.rows));
		expect(storagePaths()).toEqual(['results_block_2.csv']);
	});

	test('one item per file: the CSV files only, stored under the entry\'s content type', async () => {
		const files = csvFiles(await servedFiles(emu, runs.saveJson));
		const items = outputOf(await getResults(runs.saveJson, { resultFile: 'all', resultOutput: 'files' }));
		expect(items.map((item) => item.json.filename)).toEqual(files.map((file) => file.filename));
		items.forEach((item, index) => {
			expect(item.binary!.data).toMatchObject({ mimeType: 'text/csv', fileName: files[index].filename, fileExtension: 'csv' });
			expect(Buffer.from(item.binary!.data.data, 'base64').equals(files[index].bytes)).toBe(true);
		});
	});

	test('a run with no CSV at all (result_formats ndjson) is an error listing its files, nothing downloaded', async () => {
		expect(errorFields(await getResults(runs.ndjsonOnly))).toEqual({
			type: 'NodeOperationError',
			message: `Run "${runs.ndjsonOnly}" has no result file in CSV, the format this node reads`,
			description:
				'Its result files: results_block_1.ndjson (application/x-ndjson), results_block_2.ndjson (application/x-ndjson), enriched_results_final.ndjson (application/x-ndjson). Start the run with CSV among its Result Formats.',
			httpCode: null,
		});
		expect(requestLines(emu)).toEqual([linksCall(runs.ndjsonOnly)]);
		expect(requestLines(emu, 'storage')).toEqual([]);
	});

	test('Workflow → Run with Result Formats CSV and NDJSON returns the final CSV\'s rows', async () => {
		const { result, runId } = await runWorkflow('wf_lead', { runOptions: { resultFormats: ['csv', 'ndjson'] } });
		expect(emu.getRun(runId)?.resultFormats).toEqual(['csv', 'ndjson']);
		const final = (await servedFiles(emu, runId)).find((file) => file.filename === 'enriched_results_final.csv')!;
		expect(outputOf(result)).toEqual(rowItems(final.rows, [{ item: 0 }, { item: 2 }]));
	});
});

describe('every row verified', () => {
	const final = () => leadFiles[2];
	const incomplete = (rows: string, tries = 3) =>
		new RegExp(`^Result file "enriched_results_final\\.csv" of run "${runs.lead}" arrived incomplete in ${tries} downloads: ${rows}$`);

	test('a file that ends cleanly after 1 of 2 rows is downloaded again with fresh links, and every row comes', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1 });
		expect(outputOf(await getResults(runs.lead))).toEqual(rowItems(final().rows));
		expect(requestLines(emu)).toEqual([linksCall(runs.lead), linksCall(runs.lead)]);
		expect(storageStatuses()).toEqual([200, 200]);
	});

	test('short on every try: a NodeApiError naming the file, the rows expected and the rows received', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
		const result = await getResults(runs.lead);
		const size = final().bytes.length;
		const cutSize = final().bytes.indexOf('\r\nZ') + 2;
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: `Result file "enriched_results_final.csv" of run "${runs.lead}" arrived incomplete in 3 downloads: 1 of 2 rows, ${cutSize} of ${size} bytes`,
			description:
				"Sixtyfour's links answer says how many rows (row_count) and bytes (file_size) the file holds; the storage host delivered less every time. No rows were returned from it. Run this step again later.",
			httpCode: null,
		});
		expect(result.items).toEqual([]);
		expect(storageStatuses()).toEqual([200, 200, 200]);
		expect(requestLines(emu)).toEqual([linksCall(runs.lead), linksCall(runs.lead), linksCall(runs.lead)]);
	});

	test('Continue On Fail: the short file becomes an error item', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
		const items = outputOf(await getResults(runs.lead, {}, { continueOnFail: true }));
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(Object.keys(items[0].json)).toEqual(['error']);
		expect(items[0].json.error).toMatch(incomplete('1 of 2 rows, \\d+ of \\d+ bytes'));
	});

	test('a cut inside an unquoted field of the last row: the record count is right, the bytes tell', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'insideUnquotedField', rows: 1, times: Infinity });
		const result = await getResults(runs.lead);
		expect(errorFields(result).message).toMatch(incomplete(`2 of 2 rows, \\d+ of ${final().bytes.length} bytes`));
		expect(result.items).toEqual([]);
	});

	test('a cut inside an unquoted field, once: downloaded again, no made-up row', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'insideUnquotedField', rows: 1 });
		expect(outputOf(await getResults(runs.lead))).toEqual(rowItems(final().rows));
		expect(storageStatuses()).toEqual([200, 200]);
	});

	test('without file_size only the record count tells: 5 of 20 rows, counted as records, not lines', async () => {
		const [, final] = await servedFiles(emu, runs.synthetic);
		// servedFiles keeps every field of the links answer; ServedFile names only those tests mostly use.
		expect((final as ServedFile & { file_size: number | null }).file_size).toBeNull();
		expect(final.row_count).toBe(20);
		expect(final.bytes.toString('utf8').split('\n').length - 1).toBeGreaterThan(21);
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 5, times: Infinity });
		const result = await getResults(runs.synthetic);
		expect(errorFields(result).message).toBe(
			`Result file "enriched_results_final.csv" of run "${runs.synthetic}" arrived incomplete in 3 downloads: 5 of 20 rows`,
		);
		// One item per file: the stored file is read back and its records counted.
		const binary = await getResults(runs.synthetic, { resultOutput: 'files' });
		expect(errorFields(binary).message).toBe(
			`Result file "enriched_results_final.csv" of run "${runs.synthetic}" arrived incomplete in 3 downloads: 5 of 20 rows`,
		);
		emu.faults.clear();
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 5 });
		expect(outputOf(await getResults(runs.synthetic))).toEqual(rowItems(final.rows));
		expect(final.rows).toHaveLength(20);
	});

	test('a record count is of CSV records, not lines: a final file whose quoted fields hold line breaks is complete', async () => {
		const text = final().bytes.toString('utf8');
		expect(text.split('\n').length - 1).toBeGreaterThan(final().row_count + 1);
		expect(outputOf(await getResults(runs.lead))).toEqual(rowItems(final().rows));
		expect(storageStatuses()).toEqual([200]);
	});

	test('one item per file: a short file is downloaded again, and if it stays short it is an error', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1 });
		const items = outputOf(await getResults(runs.lead, { resultOutput: 'files' }));
		expect(items).toHaveLength(1);
		expect(Buffer.from(items[0].binary!.data.data, 'base64').equals(final().bytes)).toBe(true);
		expect(storageStatuses()).toEqual([200, 200]);

		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
		const result = await getResults(runs.lead, { resultOutput: 'files' });
		expect(errorFields(result).message).toMatch(incomplete('1 of 2 rows, \\d+ of \\d+ bytes'));
	});

	test('Max Rows skips the check only for the file it stops in', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
		// The cap is reached inside the short file: what was asked for arrived.
		expect(outputOf(await getResults(runs.lead, { resultOptions: { maxRows: 1 } }))).toEqual(rowItems(final().rows.slice(0, 1)));
		expect(storageStatuses()).toEqual([200]);
		// A cap beyond the rows that arrived: the file was read to its end, and it is short.
		emu.clearRequests();
		const result = await getResults(runs.lead, { resultOptions: { maxRows: 2 } });
		expect(errorFields(result).message).toMatch(incomplete('1 of 2 rows, \\d+ of \\d+ bytes'));
		expect(storageStatuses()).toEqual([200, 200, 200]);
	});

	test('Max Rows over all files: the files before the one it stops in are checked', async () => {
		// Block 1 holds 3 rows; the cap stops in block 2. Only block 1's first download is short.
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1 });
		const items = outputOf(await getResults(runs.lead, { resultFile: 'all', resultOptions: { maxRows: 4 } }));
		expect(items).toEqual(rowItems([...leadFiles[0].rows, leadFiles[1].rows[0]]));
		expect(storagePaths()).toEqual(['results_block_1.csv', 'results_block_1.csv', 'results_block_2.csv']);
	});

	test('inline rows: used without a download, and Infer Types types them as it types a downloaded file', async () => {
		const final = (await servedFiles(emu, runs.inline))[1];
		const downloaded = parseCsv(final.bytes.toString('utf8'), { fileName: final.filename, inferTypes: true });
		const items = outputOf(await getResults(runs.inline, { resultOptions: { inferTypes: true } }));
		expect(requestLines(emu)).toEqual([linksCall(runs.inline)]);
		expect(requestLines(emu, 'storage')).toEqual([]);
		expect(items).toEqual(rowItems(downloaded));
		expect(items.map((item) => typeof item.json.employee_count)).toEqual(['number', 'number', 'number']);
	});
});

describe('a completed run whose files are not published yet', () => {
	/** A wf_late run that has just completed: its links answer [] for another 5 s (emulated). */
	function completedLateRun(): string {
		const runId = emu.startRun('wf_late', { webhook_payload: LEAD_RECORDS }).job_id;
		emu.clock.advance(LATE_RUN_MS + 1);
		expect(emu.getRun(runId)?.liveStatus.overall_status).toBe('completed');
		return runId;
	}

	/** Publishes the run's files once the node has found none at least twice. */
	async function publishAfterTwoLooks(runId: string): Promise<void> {
		await waitUntil(() => linksCalls(runId) >= 2, 10_000);
		emu.clock.advance(LATE_FILES_MS);
	}

	test('Get Results asks the status once, waits for the files and returns every row', async () => {
		const runId = completedLateRun();
		const running = getResults(runId);
		await publishAfterTwoLooks(runId);
		const items = outputOf(await running);
		const files = await servedFiles(emu, runId);
		expect(items).toEqual(rowItems(files[2].rows));
		expect(items.length).toBeGreaterThan(0);
		const calls = requestLines(emu);
		expect(calls.slice(0, 3)).toEqual([linksCall(runId), statusCall(runId), linksCall(runId)]);
		expect(calls.slice(3).every((line) => line === linksCall(runId))).toBe(true);
	});

	test('Get Results of a failed or running run does not wait: no items', async () => {
		const failed = emu.startRun('wf_failing', { webhook_payload: LEAD_RECORDS }).job_id;
		const running = emu.startRun('wf_late', { webhook_payload: LEAD_RECORDS }).job_id;
		// wf_failing fails half-way through block 2, 20.5 s in; its block 1 file is held back too.
		emu.setFilesDelay(failed, 1e9);
		emu.clock.advance(25_000);
		expect(emu.getRun(running)?.liveStatus.overall_status).toBe('running');
		expect(emu.getRun(failed)?.liveStatus.overall_status).toBe('failed');
		expect(outputOf(await getResults(failed, { resultFile: 'all' }))).toEqual([]);
		expect(outputOf(await getResults(running, { resultFile: 'all' }))).toEqual([]);
		expect(requestLines(emu)).toEqual([linksCall(failed), statusCall(failed), linksCall(running), statusCall(running)]);
	});

	test('Wait for Completion waits for the files', async () => {
		const runId = completedLateRun();
		const running = runNode(emu, runParameters('waitForCompletion', { runId, waitOptions: fastWait }));
		await publishAfterTwoLooks(runId);
		expect(outputOf(await running)).toEqual(rowItems((await servedFiles(emu, runId))[2].rows));
	});

	test('one item per file waits for the files too', async () => {
		const runId = completedLateRun();
		const running = getResults(runId, { resultFile: 'all', resultOutput: 'files' });
		await publishAfterTwoLooks(runId);
		const items = outputOf(await running);
		expect(items.map((item) => item.json.filename)).toEqual(['results_block_1.csv', 'results_block_2.csv', 'enriched_results_final.csv']);
	});

	test('Workflow → Run waits for the files and returns the rows (not 0 rows)', async () => {
		const { result, runId } = await runWorkflow('wf_late', {}, async (startedRun) => await publishAfterTwoLooks(startedRun));
		const final = (await servedFiles(emu, runId))[2];
		expect(final.rows.length).toBeGreaterThan(0);
		expect(outputOf(result)).toEqual(rowItems(final.rows, [{ item: 0 }, { item: 2 }]));
	});

	test('files that never come: a NodeApiError after the wait set in Result Options', async () => {
		const runId = completedLateRun();
		const started = Date.now();
		const result = await getResults(runId, { resultOptions: { fileWaitSeconds: 1 } });
		const elapsed = Date.now() - started;
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: `Run "${runId}" completed but Sixtyfour has not published its result files after 1 s; try Get Results later`,
			description:
				'Sixtyfour uploads result files shortly after a run completes. Get them later with Run → Get Results, or raise "Wait for Result Files" in Result Options.',
			httpCode: null,
		});
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		expect(elapsed).toBeLessThan(3000);
		expect(linksCalls(runId)).toBeGreaterThanOrEqual(2);
		expect(requestLines(emu).filter((line) => line === statusCall(runId))).toHaveLength(1);
	});

	test('Continue On Fail: files that never come give an error item', async () => {
		const runId = completedLateRun();
		const items = outputOf(await getResults(runId, { resultOptions: { fileWaitSeconds: 0.3 } }, { continueOnFail: true }));
		expect(items).toEqual([
			{
				json: { error: `Run "${runId}" completed but Sixtyfour has not published its result files after 0 s; try Get Results later` },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('no wait (0): the error comes at once, after one look; what the trigger asks for', async () => {
		const runId = completedLateRun();
		const result = await getResults(runId, { resultOptions: { fileWaitSeconds: 0 } });
		expect(errorFields(result)).toMatchObject({
			type: 'NodeApiError',
			message: `Run "${runId}" completed but Sixtyfour has not published its result files yet; try Get Results later`,
		});
		expect(requestLines(emu)).toEqual([linksCall(runId), statusCall(runId)]);
	});

	test('stopping the execution stops the wait', async () => {
		const runId = completedLateRun();
		const controller = new AbortController();
		const running = getResults(runId, {}, { signal: controller.signal });
		await waitUntil(() => linksCalls(runId) >= 2, 10_000);
		controller.abort();
		const result = await running;
		expect(errorFields(result)).toMatchObject({
			type: 'NodeOperationError',
			message: `The execution was stopped while waiting for the result files of run "${runId}"`,
		});
		const looks = linksCalls(runId);
		await sleep(2500);
		expect(linksCalls(runId)).toBe(looks);
	});
});

/** The run the node started, from the path of its first status check. */
function startedRunId(): string | undefined {
	for (const request of emu.requests) {
		const match = /^\/workflows\/runs\/([^/]+)\/live_status$/.exec(request.path);
		if (match) return match[1];
	}
	return undefined;
}

/**
 * Workflow → Run of the three lead records on the manual clock: moves the clock until the run has
 * completed, then hands over to `afterCompletion` (which may move it further).
 */
async function runWorkflow(
	workflowId: string,
	parameters: INodeParameters,
	afterCompletion?: (runId: string) => Promise<void>,
): Promise<{ result: ExecuteWorkflowResult; runId: string }> {
	let settled = false;
	const running = runNode(
		emu,
		// Unmatched: these tests are about the files; rows then pair with the run's first and last item.
		{ resource: 'workflow', operation: 'run', workflowId: locator('id', workflowId), waitOptions: fastWait, matchRows: 'none', ...parameters },
		{ inputItems: LEAD_RECORDS.map((json) => ({ json })) },
	).finally(() => (settled = true));
	await waitUntil(() => settled || startedRunId() !== undefined, 10_000);
	const runId = startedRunId() ?? '';
	while (!settled && emu.getRun(runId)?.liveStatus.overall_status !== 'completed') {
		emu.clock.advance(1000);
		await sleep(5);
	}
	await afterCompletion?.(runId);
	return { result: await running, runId };
}
