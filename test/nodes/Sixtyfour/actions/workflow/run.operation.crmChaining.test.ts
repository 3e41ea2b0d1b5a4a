// Issue 11, "Into CRMs and sheets": each case of "What was seen", run through n8n-core's
// WorkflowExecute against the emulator (real clock at 2000×), asserting exact outputs.
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { errorFields, fastWait, locator, outputOf, runNode, servedFiles, useFastEmulator } from '../../../../harness/kits/nodeTestKit';

let emu: Emulator;
useFastEmulator((started) => (emu = started));

/** CRM contacts as a source node gives them: the CRM's id, and properties nested as HubSpot nests them. */
const contacts: IDataObject[] = [
	{ id: 101, properties: { company: 'Acme Corp', website: 'acme.com' } },
	{ id: 102, properties: { company: 'TechStart Inc', website: 'techstart.io' } },
	{ id: 103, properties: { company: 'Zürich AG', website: 'zurich.ch' } },
	{ id: 104, properties: { company: 'Nordlicht GmbH', website: 'nordlicht.de' } },
	{ id: 105, properties: { company: 'Sakura Studio', website: 'sakura.jp' } },
];
const asItems = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));
const flat: IDataObject[] = contacts.map((contact) => ({ id: contact.id, ...(contact.properties as IDataObject) }));

async function run(parameters: INodeParameters, items: INodeExecutionData[] = asItems(flat), continueOnFail = false) {
	return await runNode(
		emu,
		{ resource: 'workflow', operation: 'run', workflowId: locator('id', 'wf_lead'), waitOptions: fastWait, ...parameters },
		{ inputItems: items, continueOnFail },
	);
}

const starts = () => emu.requests.filter((request) => request.origin === 'api' && request.path === '/workflows/run');

/** The final result file's rows, read with another parser straight from the storage host. */
async function finalRowsOf(jobId: string): Promise<IDataObject[]> {
	const files = await servedFiles(emu, jobId);
	return files[files.length - 1].rows;
}

function jobIdOf(): string {
	const request = emu.requests.find((candidate) => candidate.path.endsWith('/live_status'));
	return request?.path.split('/')[3] as string;
}

describe('1. rows map back to the record they came from', () => {
	it('Auto: each row is paired with its own item; records without a row come out flagged, with their item', async () => {
		const result = await run({});
		const rows = await finalRowsOf(jobIdOf());
		// The demo's case: 5 companies in, fewer rows out.
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThan(5);
		const itemOf = (row: IDataObject) => flat.findIndex((record) => record.website === row.website);
		const missing = flat.filter((record) => !rows.some((row) => row.website === record.website));
		expect(outputOf(result)).toEqual([
			...rows.map((row) => ({ json: { ...row, sixtyfour_matched: true }, pairedItem: { item: itemOf(row) } })),
			...missing.map((record) => ({ json: { ...record, sixtyfour_matched: false }, pairedItem: { item: flat.indexOf(record) } })),
		]);
		// Matched by the CRM id, which the records carry and the rows bring back.
		expect(result.logs.map((line) => line.message)).toContain(
			`Sixtyfour run ${jobIdOf()}: ${rows.length} rows matched to their records by "id" (${rows.length}), 0 rows matched none, ${missing.length} records have no row`,
		);
	});

	it('By Field pairs by the named field; Output Records Without a Row off returns only the rows', async () => {
		const result = await run({ matchRows: 'field', matchField: 'website', runOptions: { outputRecordsWithoutRow: false } });
		const rows = await finalRowsOf(jobIdOf());
		expect(outputOf(result)).toEqual(
			rows.map((row) => ({
				json: { ...row, sixtyfour_matched: true },
				pairedItem: { item: flat.findIndex((record) => record.website === row.website) },
			})),
		);
	});

	it('By Field that does not identify each record stops the node before any run, naming the item', async () => {
		const items = asItems(flat.map((record, i) => ({ ...record, industry: i === 3 ? 'Software' : i === 1 ? 'Software' : `x${i}` })));
		const result = await run({ matchRows: 'field', matchField: 'industry' }, items);
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message:
				'Invalid "Match Field": the record of item 3 has the same "industry" as the record of item 1 ("Software") but differs from it in other fields, so their rows cannot be told apart',
			description:
				'Match by a field with a different value in every record, such as the CRM id, and send it with the records: Sixtyfour passes fields its workflow does not declare through to the rows. Records identical in every field sent may share a value: they get their rows in order.',
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});

	it('Auto: records identical in every field sent get their rows in order, each flagged', async () => {
		const twins = asItems([
			{ company_name: 'Acme Corp', website: 'acme.com' },
			{ company_name: 'Acme Corp', website: 'acme.com' },
			{ company_name: 'Acme Corp', website: 'acme.com' },
		]);
		// Block 1 passes every record on, so all three come back.
		const result = await run({ resultFile: 'block', blockNumber: 1 }, twins);
		const rows = (await servedFiles(emu, jobIdOf()))[0].rows;
		expect(rows).toHaveLength(3);
		expect(outputOf(result)).toEqual(rows.map((row, item) => ({ json: { ...row, sixtyfour_matched: true }, pairedItem: { item } })));
	});

	it.each([
		['Auto', 1, 'auto'],
		['None', 2, 'none'],
	])('10,000 items, %s: pairing stays small (at most %s entries an item), so the run data serialises', async (_name, most, matchRows) => {
		const items = Array.from({ length: 10_000 }, (_, i) => ({ json: { company_name: `Company ${i}`, website: `c${i}.example` } }));
		const result = await runNode(
			emu,
			{ resource: 'workflow', operation: 'run', workflowId: locator('id', 'wf_company'), waitOptions: fastWait, matchRows },
			{ inputItems: items },
		);
		const output = outputOf(result);
		const rows = await finalRowsOf(jobIdOf());
		expect(rows.length).toBeGreaterThan(5000);
		expect(output.length).toBe(matchRows === 'auto' ? 10_000 : rows.length);
		const entries = output.map((item) => (Array.isArray(item.pairedItem) ? item.pairedItem.length : 1));
		expect(Math.max(...entries)).toBe(most);
		if (matchRows === 'auto') {
			// Every item comes back exactly once: as its row, or flagged as a record without one.
			const paired = output.map((item) => (item.pairedItem as { item: number }).item).sort((a, b) => a - b);
			expect(paired).toEqual([...Array(10_000).keys()]);
			for (const item of output.slice(0, 50)) {
				if (item.json.sixtyfour_matched) expect(item.json.website).toBe(`c${(item.pairedItem as { item: number }).item}.example`);
			}
		}
		// Rows × records pairings made n8n's run data unserialisable ("Invalid string length").
		expect(JSON.stringify(result.runData).length).toBeLessThan(20_000_000);
	});
});

describe('2. field mapping a no-code user can drive', () => {
	it('Selected Fields takes dot paths, each sent under its last name', async () => {
		const result = await run({ waitForCompletion: false, fieldsToSend: 'selected', fields: 'id, properties.company, properties.website' }, asItems(contacts));
		expect(emu.getRun(String(outputOf(result)[0].json.job_id))?.records).toEqual(flat.map(({ id, company, website }) => ({ id, company, website })));
	});

	it.each([
		['a value dragged in as a name', '={{ $json.properties.company }}', 'Invalid "Fields": item 0 has no field "Acme Corp"'],
		['a typo', 'properties.webiste', 'Invalid "Fields": item 0 has no field "properties.webiste"'],
	])('Selected Fields with %s stops the node before any request, naming the item and the field', async (_case, fields, message) => {
		const result = await run({ fieldsToSend: 'selected', fields }, asItems(contacts));
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message,
			description:
				'Fields takes field names or dot paths (company_name, properties.website), not values. Drag fields from the input panel while Fields is in Fixed mode, or use Mapped Fields.',
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});

	it('Mapped Fields builds each record from names and expressions', async () => {
		const mappedFields = {
			field: [
				{ name: 'crm_id', value: '={{ $json.id }}' },
				{ name: 'company_name', value: '={{ $json.properties.company }}' },
				{ name: 'website', value: '={{ $json.properties.website }}' },
				{ name: 'source', value: 'hubspot' },
			],
		};
		const result = await run({ waitForCompletion: false, fieldsToSend: 'mapped', mappedFields }, asItems(contacts));
		expect(emu.getRun(String(outputOf(result)[0].json.job_id))?.records).toEqual(
			flat.map(({ id, company, website }) => ({ crm_id: id, company_name: company, website, source: 'hubspot' })),
		);
	});

	it.each([
		[
			'Mapped Fields whose expressions find nothing',
			{ fieldsToSend: 'mapped', mappedFields: { field: [{ name: 'company_name', value: '={{ $json.company }}' }] } },
			asItems(contacts),
			'Invalid "Mapped Fields": item 0 maps "company_name" to nothing: its expression points at no field',
		],
		[
			'an empty input item',
			{},
			asItems([flat[0], {}, flat[2]]),
			'Invalid "Records": item 1 has no field with a value, and Sixtyfour would bill the empty record all the same',
		],
		[
			'an item whose fields are all empty',
			{},
			asItems([flat[0], flat[1], { company: '', website: null }]),
			'Invalid "Records": item 2 has no field with a value, and Sixtyfour would bill the empty record all the same',
		],
		[
			'JSON records that are empty',
			{ recordsSource: 'json', records: '[{"company_name":"A"},{}]' },
			asItems(flat),
			'Invalid "Records (JSON)": record 1 has no field with a value, and Sixtyfour would bill the empty record all the same',
		],
	])('%s: stopped before any request, never a billed run of empty records', async (_case, parameters, items, message) => {
		const result = await run(parameters as INodeParameters, items);
		expect(result.error?.constructor.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(message);
		expect(emu.requests).toEqual([]);
	});
});

describe('3. an Idempotency Key never returns the wrong run', () => {
	it('the same key starts again for other records, and returns the same run only for the same records', async () => {
		const runOptions = { idempotencyKey: 'crm-record-42' };
		const first = outputOf(await run({ runOptions, waitForCompletion: false }, asItems(flat.slice(0, 2))));
		const other = outputOf(await run({ runOptions, waitForCompletion: false }, asItems(flat.slice(2, 4))));
		const again = outputOf(await run({ runOptions, waitForCompletion: false }, asItems(flat.slice(0, 2))));
		expect([first[0].json.already_started, other[0].json.already_started, again[0].json.already_started]).toEqual([false, false, true]);
		expect(other[0].json.job_id).not.toBe(first[0].json.job_id);
		expect(again[0].json.job_id).toBe(first[0].json.job_id);
		const keys = starts().map((request) => request.headers['idempotency-key']);
		expect(keys).toEqual([expect.stringMatching(/^crm-record-42-1-[0-9a-f]{16}$/), expect.stringMatching(/^crm-record-42-1-[0-9a-f]{16}$/), keys[0]]);
		expect(keys[1]).not.toBe(keys[0]);
	});

	it('with Wait on, other records under the same key return their own rows, not the old run\'s', async () => {
		const runOptions = { idempotencyKey: 'crm-record-43' };
		await run({ runOptions }, asItems(flat.slice(0, 2)));
		emu.clearRequests();
		const result = await run({ runOptions, matchRows: 'none' }, asItems(flat.slice(3)));
		const rows = await finalRowsOf(jobIdOf());
		expect(outputOf(result).map((item) => item.json)).toEqual(rows);
		expect(emu.getRun(jobIdOf())?.records).toEqual(flat.slice(3));
	});
});

describe('4. no paid defaults', () => {
	it('Records (JSON) starts empty: left as it is, nothing is sent and nothing billed', async () => {
		const result = await run({ recordsSource: 'json' });
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: 'There are no records to send, so no run was started',
			description: 'Give at least one record, or choose Records → None to start the run without any.',
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});
});

describe('5. errors and outputs agree', () => {
	it('the 429 hint names the retry options, and the options set the tries', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 429, retryAfter: '0', times: Infinity });
		const result = await run({ runOptions: { maxTries: 2, maxRetryWaitSeconds: 5 } });
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: 'Rate limited by Sixtyfour after 2 tries over 0 s',
			description:
				'Sixtyfour allows 500 to 1,000 requests a minute per key. Run this workflow less often, use fewer runs in parallel, or raise Options → Max Tries and Options → Max Retry Wait (Seconds).',
			httpCode: '429',
		});
		expect(starts()).toHaveLength(2);
	});

	it('Max Retry Wait bounds the waiting between tries', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 503, retryAfter: '1', times: Infinity });
		const result = await runNode(emu, { resource: 'run', operation: 'getStatus', runId: 'run_x', options: { maxTries: 10, maxRetryWaitSeconds: 2 } });
		expect(result.error?.message).toBe('Sixtyfour had a server error (503) after 3 tries over 2 s: Service temporarily unavailable');
	});

	it('the run id is job_id in every output of the node', async () => {
		const started = outputOf(await run({ waitForCompletion: false }));
		const jobId = String(started[0].json.job_id);
		expect(emu.getRun(jobId)?.records).toEqual(flat);
		const operations: INodeParameters[] = [
			{ operation: 'getStatus', runId: jobId },
			{ operation: 'getStatus', runId: jobId, simplify: false },
			{ operation: 'waitForCompletion', runId: jobId, waitOptions: fastWait, resultOutput: 'files' },
			{ operation: 'getResultLinks', runId: jobId },
			{ operation: 'cancel', runId: jobId },
		];
		for (const parameters of operations) {
			const output = outputOf(await runNode(emu, { resource: 'run', ...parameters }));
			expect(output.length).toBeGreaterThan(0);
			for (const item of output) expect(item.json.job_id).toBe(jobId);
		}
		const listed = outputOf(await runNode(emu, { resource: 'run', operation: 'getMany', limit: 5 }));
		expect(listed.map((item) => item.json.job_id)).toContain(jobId);
	});
});
