import Papa from 'papaparse';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Sixtyfour } from '../../../../../nodes/Sixtyfour/Sixtyfour.node';
import { startEmulator, type Emulator } from '../../../../emulator';
import { testCatalogue } from '../../../../emulator/test-support';
import { executeWorkflow } from '../../../../harness';
import { outputOf, servedFiles } from '../../../../harness/kits/nodeTestKit';
import { useEmulator } from '../../../../harness/kits/useEmulator';

// Workflow → Run through n8n-core's WorkflowExecute against the emulator, whose clock runs 2000×
// faster than the wall clock so that waiting for a run takes milliseconds.
const nodeType = 'n8n-nodes-sixtyfour.sixtyfour';
const fastWait = { minPollIntervalSeconds: 0.02, maxPollIntervalSeconds: 0.2 };

/** Distinctive, so that finding it in an execution's output is never a coincidence. */
const apiKey = `sk_live_${'c0ffee42'.repeat(4)}`;

let emu: Emulator;
useEmulator({ catalogue: testCatalogue(), clock: { mode: 'real', speed: 2000 } }, (started) => (emu = started));
beforeAll(async () => {
	emu.setApiKey(apiKey);
});
beforeEach(() => {
	emu.faults.clear();
	emu.setWorkflowsEndpoint('served');
});

const companies: IDataObject[] = [
	{ company_name: 'Acme Corp', website: 'acme.com', industry: 'Technology', crm_id: 1 },
	{ company_name: 'TechStart Inc', website: 'techstart.io', crm_id: 2 },
	{ company_name: 'Zürich AG', website: 'zurich.ch', crm_id: 3 },
];
const asItems = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));

interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	apiKey?: string;
	/** Another emulator than the shared one. */
	emulator?: Emulator;
	/** n8n's node settings, such as Retry On Fail. */
	settings?: Partial<INode>;
}

async function run(parameters: INodeParameters, options: RunOptions = {}) {
	const target = options.emulator ?? emu;
	return await executeWorkflow({
		nodeTypes: { [nodeType]: new Sixtyfour() },
		node: {
			name: 'Sixtyfour',
			type: nodeType,
			parameters: {
				resource: 'workflow',
				operation: 'run',
				workflowId: { __rl: true, mode: 'id', value: 'wf_lead' },
				waitOptions: fastWait,
				...parameters,
			},
			...options.settings,
		},
		inputItems: options.items ?? asItems(companies),
		credentials: { sixtyfourApi: { apiKey: options.apiKey ?? target.apiKey, baseUrl: target.baseUrl } },
		continueOnFail: options.continueOnFail,
	});
}

const starts = (target = emu) =>
	target.requests.filter((request) => request.origin === 'api' && request.path === '/workflows/run');
const jobIdsOf = (items: INodeExecutionData[]) => items.map((item) => item.json.job_id);
/** The webhook_payload the emulator received for the run an output item names. */
const payloadOf = (item: INodeExecutionData) => emu.getRun(String(item.json.job_id))?.records;

/** The final result file of a run, read with another parser straight from the storage host. */
async function finalRowsOf(jobId: string): Promise<IDataObject[]> {
	const links = (await (
		await fetch(`${emu.baseUrl}/workflows/runs/${jobId}/results/download-links`, { headers: { 'x-api-key': emu.apiKey } })
	).json()) as Array<{ block_number: number; download_url: string }>;
	const final = links.sort((a, b) => b.block_number - a.block_number)[0];
	const text = await (await fetch(final.download_url)).text();
	return Papa.parse<IDataObject>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
}

describe('run and wait', () => {
	it('sends the items as one run and returns its enriched rows, each paired with its own record\'s item', async () => {
		const result = await run({});
		expect(result.error).toBeUndefined();
		const [start] = starts();
		expect(start.query).toEqual({ workflow_id: 'wf_lead' });
		expect(start.headers['idempotency-key']).toMatch(/^n8n-harnessinstance-harness-execution-\d+-node-under-test-0-1-[0-9a-f]{16}$/);
		const jobId = emu.requests.find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3] as string;
		expect(emu.getRun(jobId)?.listEntry.metrics.total_records).toBe(3);

		// Paired by crm_id here, independently of the website the node matched by.
		const expected = await finalRowsOf(jobId);
		expect(expected.length).toBeGreaterThan(0);
		const itemOf = (row: IDataObject) => companies.findIndex((company) => String(company.crm_id) === row.crm_id);
		const withoutRow = companies.filter((company) => !expected.some((row) => row.crm_id === String(company.crm_id)));
		expect(result.items[0]).toEqual([
			...expected.map((row) => ({ json: { ...row, sixtyfour_matched: true }, pairedItem: { item: itemOf(row) } })),
			...withoutRow.map((company) => ({ json: { ...company, sixtyfour_matched: false }, pairedItem: { item: companies.indexOf(company) } })),
		]);
		expect(result.items[0][0].json).toMatchObject({ company_name: 'Acme Corp', website: 'acme.com', crm_id: '1' });
		expect(result.logs.map((line) => line.message)).toEqual(
			expect.arrayContaining([
				`Sixtyfour run ${jobId} started for workflow wf_lead with 3 records`,
				`Sixtyfour run ${jobId}: ${expected.length} rows matched to their records by "website" (${expected.length}), 0 rows matched none, ${withoutRow.length} records have no row`,
				expect.stringMatching(new RegExp(`^Sixtyfour run ${jobId}: completed 100\\.0%, block 3/3 find_email \\(check \\d+\\)$`)),
			]),
		);
		expect(start.headers['x-api-key']).toBe(apiKey);
		expect(JSON.stringify({ items: result.items, runData: result.runData, logs: result.logs })).not.toContain(apiKey);
	});

	it('adds run metadata and infers types when asked', async () => {
		const result = await run({ resultOptions: { addRunMetadata: true, inferTypes: true } });
		const row = result.items[0][0].json;
		expect(row).toMatchObject({ crm_id: 1, sixtyfour_block_number: 3, sixtyfour_filename: 'enriched_results_final.csv' });
		expect(row.sixtyfour_job_id).toMatch(/^run_[0-9a-f]{12}$/);
	});

	it('returns the result files as binary data when asked', async () => {
		const result = await run({ resultFile: 'all', resultOutput: 'files' });
		expect(result.items[0].map((item) => [item.json.block_number, item.json.filename, item.binary?.data.mimeType])).toEqual([
			[1, 'results_block_1.csv', 'text/csv'],
			[2, 'results_block_2.csv', 'text/csv'],
			[3, 'enriched_results_final.csv', 'text/csv'],
		]);
	});

	it('waits for runs that finish out of order and, unmatched, pairs each run\'s rows with its own items', async () => {
		// Items 0-1 go to the slow lead workflow, item 2 to the quick company workflow. On a manual
		// clock that moves only once both runs are queued, they are queued at the same emulated instant,
		// so which one finishes first does not depend on how busy the machine is.
		const still = await startEmulator({ catalogue: testCatalogue() });
		try {
			const items = asItems(companies).map((item, index) => ({
				json: { ...item.json, workflow: index < 2 ? 'wf_lead' : 'wf_company' },
			}));
			const running = run(
				{ workflowId: { __rl: true, mode: 'id', value: '={{ $json.workflow }}' }, resultOptions: { addRunMetadata: true }, matchRows: 'none' },
				{ items, emulator: still },
			);
			while (starts(still).filter((request) => request.status === 200).length < 2) await sleep(5);
			const result = await advanceClockUntil(still, running);
			expect(result.error).toBeUndefined();
			const [lead, company] = starts(still).map((request) => request.query.workflow_id);
			expect([lead, company]).toEqual(['wf_lead', 'wf_company']);
			const byRun = new Map<string, unknown[]>();
			for (const item of result.items[0]) byRun.set(String(item.json.sixtyfour_job_id), item.pairedItem as unknown[]);
			const pairings = [...byRun.values()];
			expect(pairings).toEqual([[{ item: 0 }, { item: 1 }], [{ item: 2 }]]);
			const runs = [...byRun.keys()].map((jobId) => still.getRun(jobId)?.listEntry);
			// Queued together; the company run finished first.
			expect(runs[1]?.queued_at).toBe(runs[0]?.queued_at);
			expect(Date.parse(String(runs[1]?.completed_at))).toBeLessThan(Date.parse(String(runs[0]?.completed_at)));
		} finally {
			await still.close();
		}
	});
});

/** Moves a manual emulator clock a second at a time, a few wall milliseconds apart, until `work` settles. */
async function advanceClockUntil<T>(target: Emulator, work: Promise<T>): Promise<T> {
	let settled = false;
	const watched = work.finally(() => (settled = true));
	while (!settled) {
		target.clock.advance(1000);
		await sleep(5);
	}
	return await watched;
}

describe('n8n\'s Retry On Fail', () => {
	const retryOnFail: Partial<INode> = { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 };
	const runsOf = async (workflowId: string) =>
		(await (await fetch(`${emu.baseUrl}/workflows/runs?workflow_id=${workflowId}&limit=500`, { headers: { 'x-api-key': emu.apiKey } })).json()) as Array<{ job_id: string }>;

	// Each first try fails with its run already started at Sixtyfour, after the node's own five
	// tries (Retry-After 0, so at once); n8n then runs the node again, which must find that run.
	it.each([
		['the start is answered 503 after the run was created', { route: 'run', afterEffect: true }, 6],
		['every status check fails after the start', { route: 'live_status' }, 2],
	] as const)('re-runs the node when %s, and one run results', async (_case, fault, startRequests) => {
		const before = new Set((await runsOf('wf_lead')).map((entry) => entry.job_id));
		emu.faults.add({ type: 'status', status: 503, retryAfter: '0', times: 5, ...fault });
		const result = await run({ resultOptions: { addRunMetadata: true } }, { settings: retryOnFail });
		expect(result.error).toBeUndefined();
		const keys = starts().map((request) => request.headers['idempotency-key']);
		expect(keys).toHaveLength(startRequests);
		expect(new Set(keys).size).toBe(1);
		const started = (await runsOf('wf_lead')).filter((entry) => !before.has(entry.job_id));
		expect(started).toHaveLength(1);
		expect(result.items[0].length).toBeGreaterThan(0);
		expect(new Set(result.items[0].map((item) => item.json.sixtyfour_job_id))).toEqual(new Set([started[0].job_id]));
	});
});

describe('run without waiting', () => {
	it('returns the started run at once', async () => {
		const result = await run({ waitForCompletion: false });
		expect(result.items[0]).toEqual([
			{
				json: {
					job_id: expect.stringMatching(/^run_[0-9a-f]{12}$/),
					workflow_id: 'wf_lead',
					status: 'queued',
					records_sent: 3,
					already_started: false,
				},
				pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
			},
		]);
		// The workflow's definition is read first (see workflowRunChecks.test.ts), then the run started.
		expect(emu.requests.filter((request) => request.origin === 'api').map((request) => request.path)).toEqual(['/workflows/wf_lead', '/workflows/run']);
	});

	it('sends only the chosen fields', async () => {
		const result = await run({ waitForCompletion: false, fieldsToSend: 'selected', fields: 'company_name, website' });
		expect(payloadOf(result.items[0][0])).toEqual(companies.map(({ company_name, website }) => ({ company_name, website })));
	});

	it('sends records given as JSON text once however many items come in, the run paired with every item', async () => {
		const result = await run({
			waitForCompletion: false,
			recordsSource: 'json',
			records: '[{"company_name":"A"},{"company_name":"B"}]',
		});
		expect(result.items[0]).toHaveLength(1);
		expect(payloadOf(result.items[0][0])).toEqual([{ company_name: 'A' }, { company_name: 'B' }]);
		expect(result.items[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(starts()).toHaveLength(1);
	});

	it('takes records from an expression per item, objects as they are', async () => {
		const items = [{ json: { lead: { company_name: 'A' } } }, { json: { lead: { company_name: 'B' } } }];
		const result = await run({ waitForCompletion: false, recordsSource: 'json', records: '={{ $json.lead }}' }, { items });
		expect(payloadOf(result.items[0][0])).toEqual([{ company_name: 'A' }, { company_name: 'B' }]);
		expect(result.items[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('starts a run without records, with a specs override and the result options', async () => {
		const result = await run({
			waitForCompletion: false,
			recordsSource: 'none',
			runOptions: { specsOverride: '{"resource_handle_id":"rh_1"}', saveJson: true, resultFormats: ['csv', 'ndjson'] },
		});
		expect(result.items[0][0].json.records_sent).toBe(0);
		const [start] = starts();
		expect(start.query).toEqual({ workflow_id: 'wf_lead', save_json: 'true', result_formats: ['csv', 'ndjson'] });
		const stored = emu.getRun(String(result.items[0][0].json.job_id));
		expect(stored?.specsOverride).toEqual({ resource_handle_id: 'rh_1' });
		expect(stored?.records).toEqual([]);
	});

	it('splits 10,000 items into runs of 2,500, pairing each run with its own items', async () => {
		const items = Array.from({ length: 10_000 }, (_, i) => ({ json: { company_name: `Company ${i}` } }));
		const result = await run({ waitForCompletion: false, runOptions: { recordsPerRun: 2500 } }, { items });
		expect(result.error).toBeUndefined();
		expect(result.items[0].map((item) => item.json.records_sent)).toEqual([2500, 2500, 2500, 2500]);
		expect(result.items[0].map((item) => (item.pairedItem as Array<{ item: number }>).map((pair) => pair.item))).toEqual(
			[0, 1, 2, 3].map((run) => Array.from({ length: 2500 }, (_, i) => run * 2500 + i)),
		);
		const keys = starts().map((request) => request.headers['idempotency-key']);
		expect(new Set(keys).size).toBe(4);
		for (const item of result.items[0]) expect(emu.getRun(String(item.json.job_id))?.listEntry.metrics.total_records).toBe(2500);
	});

	it('starts a run once for a given Idempotency Key, across executions', async () => {
		const first = await run({ waitForCompletion: false, runOptions: { idempotencyKey: 'crm-batch-7' } });
		const second = await run({ waitForCompletion: false, runOptions: { idempotencyKey: 'crm-batch-7' } });
		expect(jobIdsOf(second.items[0])).toEqual(jobIdsOf(first.items[0]));
		expect(second.items[0][0].json.already_started).toBe(true);
	});

	it('retries a start through a burst of 5xx with the same key, starting one run', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 503, times: 2 });
		const result = await run({ waitForCompletion: false });
		expect(result.error).toBeUndefined();
		const keys = starts().map((request) => [request.status, request.headers['idempotency-key']]);
		expect(keys.map(([status]) => status)).toEqual([503, 503, 200]);
		expect(new Set(keys.map(([, key]) => key)).size).toBe(1);
	});
});

describe('fixed records or None with several input items: one run per workflow, nothing dropped', () => {
	/** Items 0 and 2 ask for the lead workflow, item 1 for the company workflow. */
	const items = asItems(companies).map((item, index) => ({ json: { ...item.json, workflow: index === 1 ? 'wf_company' : 'wf_lead' } }));
	const perItemWorkflow = { workflowId: { __rl: true, mode: 'id', value: '={{ $json.workflow }}' } };
	const fixed = { recordsSource: 'json', records: '[{"company_name":"A"},{"company_name":"B"}]' };
	const startedRuns = (result: Awaited<ReturnType<typeof run>>) =>
		result.items[0].map((item) => [item.json.workflow_id, item.json.records_sent, payloadOf(item), item.pairedItem]);

	it.each([
		['fixed JSON records', fixed, [{ company_name: 'A' }, { company_name: 'B' }], 2],
		['None', { recordsSource: 'none' }, [], 0],
	])('%s: a Workflow that differs per item starts each workflow\'s run, paired with its own items', async (_case, records, payload, sent) => {
		const result = await run({ ...perItemWorkflow, ...records, waitForCompletion: false }, { items });
		expect(result.error).toBeUndefined();
		expect(startedRuns(result)).toEqual([
			['wf_lead', sent, payload, [{ item: 0 }, { item: 2 }]],
			['wf_company', sent, payload, [{ item: 1 }]],
		]);
		expect(starts().map((request) => request.query.workflow_id)).toEqual(['wf_lead', 'wf_company']);
	});

	it('fixed JSON records split by Records per Run: every run of a workflow is paired with all its items', async () => {
		const result = await run({ ...perItemWorkflow, ...fixed, waitForCompletion: false, runOptions: { recordsPerRun: 1 } }, { items });
		expect(startedRuns(result)).toEqual([
			['wf_lead', 1, [{ company_name: 'A' }], [{ item: 0 }, { item: 2 }]],
			['wf_lead', 1, [{ company_name: 'B' }], [{ item: 0 }, { item: 2 }]],
			['wf_company', 1, [{ company_name: 'A' }], [{ item: 1 }]],
			['wf_company', 1, [{ company_name: 'B' }], [{ item: 1 }]],
		]);
	});

	it('waiting, rows of fixed records are matched to their records but paired like the run: no input item sent them', async () => {
		const records = JSON.stringify(companies);
		const result = await run({ recordsSource: 'json', records, resultFile: 'block', blockNumber: 1 }, { items: asItems([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }]) });
		const jobId = String(emu.requests.find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3]);
		const rows = (await servedFiles(emu, jobId))[0].rows;
		expect(rows).toHaveLength(companies.length);
		expect(outputOf(result)).toEqual(rows.map((row) => ({ json: { ...row, sixtyfour_matched: true }, pairedItem: [{ item: 0 }, { item: 3 }] })));
	});

	it('version 1 keeps pairing a fixed-records run with the first item of its workflow, and still starts every workflow', async () => {
		const result = await run({ ...perItemWorkflow, ...fixed, waitForCompletion: false }, { items, settings: { typeVersion: 1 } });
		expect(startedRuns(result)).toEqual([
			['wf_lead', 2, [{ company_name: 'A' }, { company_name: 'B' }], [{ item: 0 }]],
			['wf_company', 2, [{ company_name: 'A' }, { company_name: 'B' }], [{ item: 1 }]],
		]);
	});

	it('an item whose workflow cannot be read is an error item under Continue On Fail; the others still get their run', async () => {
		const broken = items.map((item, index) => (index === 2 ? { json: { ...item.json, workflow: ' ' } } : item));
		const result = await run({ ...perItemWorkflow, ...fixed, waitForCompletion: false }, { items: broken, continueOnFail: true });
		expect(result.items[0].map((item) => [item.json.error ?? item.json.workflow_id, item.pairedItem])).toEqual([
			['Invalid "Workflow": choose a workflow from the list or give its ID', { item: 2 }],
			['wf_lead', [{ item: 0 }]],
			['wf_company', [{ item: 1 }]],
		]);
	});
});

describe('bad input is refused before anything is sent', () => {
	it.each([
		['an empty workflow', { workflowId: { __rl: true, mode: 'id', value: '={{ $json.missing ?? " " }}' } }, 'Invalid "Workflow": choose a workflow from the list or give its ID'],
		['a malformed specs override', { runOptions: { specsOverride: '{"limit":' } }, /^Invalid "Specs Override": is not valid JSON/],
		['a specs override that is not an object', { runOptions: { specsOverride: '[1]' } }, 'Invalid "Specs Override": must be a JSON object, got a list'],
		['records that are not objects', { recordsSource: 'json', records: '[{"company_name":"A"}, 5]' }, 'Invalid "Records (JSON)": record 1 must be an object, got a number'],
		['records that are not JSON', { recordsSource: 'json', records: '[{"company_name"' }, /^Invalid "Records \(JSON\)": is not valid JSON/],
		['zero records', { recordsSource: 'json', records: '[]' }, 'There are no records to send, so no run was started'],
		['selected fields without names', { fieldsToSend: 'selected', fields: ' , ' }, 'Invalid "Fields": name at least one field'],
		['a negative records per run', { runOptions: { recordsPerRun: -1 } }, 'Invalid "Records per Run": must be a whole number at least 0, got -1'],
		['a min poll interval above the max', { waitOptions: { minPollIntervalSeconds: 30, maxPollIntervalSeconds: 10 } }, 'Invalid "Min Poll Interval": must not be longer than Max Poll Interval'],
		['a block number of 0', { resultFile: 'block', blockNumber: 0 }, 'Invalid "Block Number": must be a whole number at least 1, got 0'],
		[
			'an Idempotency Key an HTTP header cannot carry',
			{ runOptions: { idempotencyKey: 'crm—batch 7' } },
			'Invalid "Idempotency Key": "—" cannot go into an HTTP header (only Latin-1 characters, without control characters, can)',
		],
		[
			'an Idempotency Key with a control character',
			{ runOptions: { idempotencyKey: 'crm\u0007batch' } },
			'Invalid "Idempotency Key": "\\u0007" cannot go into an HTTP header (only Latin-1 characters, without control characters, can)',
		],
		['a Workflow expression that gives an object', { workflowId: { __rl: true, mode: 'id', value: '={{ { id: "wf_lead" } }}' } }, 'Invalid "Workflow": must be text, got an object'],
		['a Records expression that finds nothing', { recordsSource: 'json', records: '={{ $json.missing }}' }, 'Invalid "Records (JSON)": must be an object or a list of objects, got undefined'],
		['a Records expression that gives a number', { recordsSource: 'json', records: '={{ $json.crm_id }}' }, 'Invalid "Records (JSON)": must be an object or a list of objects, got a number'],
	])('%s', async (_case, parameters, message) => {
		const result = await run(parameters as INodeParameters);
		expect(result.error?.constructor.name).toBe('NodeOperationError');
		expect(result.error?.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
		expect(emu.requests).toEqual([]);
	});

	it('gives an error item per bad item under Continue On Fail, and still starts the good ones', async () => {
		const items = [{ json: { lead: { company_name: 'A' } } }, { json: { lead: 'not a record' } }, { json: { lead: { company_name: 'C' } } }];
		const result = await run(
			{ waitForCompletion: false, recordsSource: 'json', records: '={{ $json.lead }}' },
			{ items, continueOnFail: true },
		);
		expect(result.items[0].map((item) => [item.json.error ?? item.json.records_sent, item.pairedItem])).toEqual([
			[expect.stringMatching(/^Invalid "Records \(JSON\)": is not valid JSON/), { item: 1 }],
			[2, [{ item: 0 }, { item: 2 }]],
		]);
	});
});

describe('field names every object inherits are read only where the data has them', () => {
	const inherited = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
	// n8n's items cannot carry a __proto__ field (the engine copies items by assignment): only
	// Mapped Fields can send one.
	const heldByItems = inherited.filter((name) => name !== '__proto__');
	/** A record with these fields, as JSON text; JSON.parse makes __proto__ a field like any other. */
	const recordText = (names: string[]) => `{"company_name":"Acme",${names.map((name) => `"${name}":"${name} value"`).join(',')}}`;

	it.each([...inherited, 'properties.constructor'])('Selected Fields "%s" on items without it: refused, nothing billed', async (field) => {
		const result = await run({ fieldsToSend: 'selected', fields: field }, { items: asItems([{ company_name: 'Acme', properties: {} }]) });
		expect(result.error?.constructor.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`Invalid "Fields": item 0 has no field "${field}"`);
		expect(emu.requests).toEqual([]);
	});

	it('Selected Fields and Mapped Fields send such fields under their own names', async () => {
		const selected = await run(
			{ waitForCompletion: false, fieldsToSend: 'selected', fields: ['company_name', ...heldByItems].join(', ') },
			{ items: [{ json: JSON.parse(recordText(heldByItems)) as IDataObject }] },
		);
		expect(selected.error).toBeUndefined();
		expect(JSON.stringify(payloadOf(selected.items[0][0]))).toBe(`[${recordText(heldByItems)}]`);
		const field = Object.entries(JSON.parse(recordText(inherited)) as IDataObject).map(([name, value]) => ({ name, value: String(value) }));
		const mapped = await run({ waitForCompletion: false, fieldsToSend: 'mapped', mappedFields: { field } }, { items: asItems([{}]) });
		expect(mapped.error).toBeUndefined();
		expect(JSON.stringify(payloadOf(mapped.items[0][0]))).toBe(`[${recordText(inherited)}]`);
	});

	it.each(heldByItems)('rows are matched By Field "%s" and the log counts them by it', async (field) => {
		const items = asItems(companies.map(({ company_name, crm_id }) => ({ company_name, [field]: `crm-${String(crm_id)}` })));
		const result = await run({ matchRows: 'field', matchField: field, resultFile: 'block', blockNumber: 1 }, { items });
		const jobId = String(emu.requests.find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3]);
		const rows = (await servedFiles(emu, jobId))[0].rows;
		expect(rows).toHaveLength(companies.length);
		expect(outputOf(result)).toEqual(rows.map((row) => ({ json: { ...row, sixtyfour_matched: true }, pairedItem: { item: Number(String(row[field]).slice(4)) - 1 } })));
		expect(result.logs.map((line) => line.message)).toContain(
			`Sixtyfour run ${jobId}: 3 rows matched to their records by "${field}" (3), 0 rows matched none, 0 records have no row`,
		);
	});
});

describe('API failures name the problem', () => {
	it('a Workflow expression that gives a number: taken as its text', async () => {
		const result = await run({ workflowId: { __rl: true, mode: 'id', value: '={{ 42 }}' } });
		expect(errorText(result)).toEqual(['NodeApiError', 'Sixtyfour has no workflow "42"', '404']);
		expect(starts().map((request) => request.query.workflow_id)).toEqual(['42']);
	});

	it('an unknown workflow: 404 naming it', async () => {
		const result = await run({ workflowId: { __rl: true, mode: 'id', value: 'wf_nope' } });
		expect(errorText(result)).toEqual(['NodeApiError', 'Sixtyfour has no workflow "wf_nope"', '404']);
		expect(starts()).toHaveLength(1);
	});

	it('a read_csv workflow where its definition cannot be read first: 400 saying only webhook workflows can be started', async () => {
		emu.setWorkflowsEndpoint('missing');
		const result = await run({ workflowId: { __rl: true, mode: 'id', value: 'wf_csv' } });
		expect(errorText(result)).toEqual([
			'NodeApiError',
			'Sixtyfour refused the request: Workflows starting with read_csv cannot be triggered via API. Use workflows that start with a webhook block.',
			'400',
		]);
	});

	it.each([
		['without a job_id', { type: 'omitFields' as const, fields: ['job_id'] }, 'an answer without a job_id (job_id: undefined)'],
		['with a job_id that is not text', { type: 'status' as const, status: 200, body: { job_id: 42, status: 'queued' } }, 'an answer without a job_id (job_id: a number)'],
		['with JSON null', { type: 'status' as const, status: 200, body: null }, 'null'],
	])('a start answered %s: a NodeApiError saying so, and no wait', async (_case, fault, got) => {
		emu.faults.add({ route: 'run', ...fault });
		const result = await run({});
		expect(errorText(result)).toEqual([
			'NodeApiError',
			`Sixtyfour answered the start of a run of workflow "wf_lead" with ${got}, so there is no run to wait for`,
			null,
		]);
		expect((result.error as { description?: string }).description).toBe(
			'A run may have started all the same: check the runs of workflow "wf_lead" in the Sixtyfour app before running this step again.',
		);
		expect(emu.requests.map((request) => request.path)).toEqual(['/workflows/wf_lead', '/workflows/run']);
	});

	it('a start answered with text: a NodeApiError saying it is not JSON, and no wait', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 200, body: 'started' });
		const result = await run({ runOptions: { maxTries: 1 } });
		expect(errorText(result)).toEqual(['NodeApiError', 'Sixtyfour answered POST /workflows/run with a body that is not valid JSON', null]);
		expect(emu.requests.map((request) => request.path)).toEqual(['/workflows/wf_lead', '/workflows/run']);
	});

	it('a wrong key: 401, and the key shows nowhere', async () => {
		const key = ['sk', 'not', 'this', 'one'].join('_');
		const result = await run({}, { apiKey: key });
		expect(errorText(result)).toEqual(['NodeApiError', 'Sixtyfour did not accept the API key', '401']);
		expect(JSON.stringify({ items: result.items, runData: result.runData, logs: result.logs })).not.toContain(key);
	});

	it('out of credits: 402, nothing started', async () => {
		emu.setCredits(2);
		try {
			const result = await run({});
			expect(errorText(result)).toEqual(['NodeApiError', 'Your Sixtyfour account is out of credits: Insufficient credits: this run needs 3 credits, 2 left', '402']);
		} finally {
			emu.setCredits(Infinity);
		}
	});

	it('a 429 storm: rate limited after the bounded tries, one run at most', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 429, retryAfter: '0', times: Infinity });
		const result = await run({});
		expect(errorText(result)).toEqual(['NodeApiError', 'Rate limited by Sixtyfour after 5 tries over 0 s', '429']);
		expect(starts()).toHaveLength(5);
		expect(new Set(starts().map((request) => request.headers['idempotency-key'])).size).toBe(1);
	});

	it('a run that fails at Sixtyfour: its error message and reason, or an error item under Continue On Fail', async () => {
		const failing = { workflowId: { __rl: true, mode: 'id', value: 'wf_failing' } };
		const result = await run(failing);
		expect(errorText(result)).toEqual([
			'NodeApiError',
			expect.stringMatching(/^Sixtyfour run "run_[0-9a-f]{12}" failed: Upstream provider timed out$/),
			null,
		]);
		expect((result.error as Error & { description?: string }).description).toBe(
			'Reason: block_error. Open the run in the Sixtyfour app for details, then start it again.',
		);
		const tolerant = await run(failing, { continueOnFail: true });
		expect(tolerant.items[0]).toEqual([
			{
				json: {
					error: expect.stringMatching(/failed: Upstream provider timed out$/),
					workflow_id: 'wf_failing',
					records: 3,
					job_id: expect.stringMatching(/^run_/),
				},
				pairedItem: [{ item: 0 }, { item: 1 }, { item: 2 }],
			},
		]);
	});

	it('a reset half-way through the result download is retried with a fresh link', async () => {
		emu.faults.add({ route: 'storage', type: 'resetMidBody', times: 1 });
		const result = await run({});
		expect(result.error).toBeUndefined();
		const downloads = emu.requests.filter((request) => request.origin === 'storage');
		expect(downloads).toHaveLength(2);
		expect(downloads.every((request) => request.headers['x-api-key'] === undefined)).toBe(true);
	});

	it('a truncated result file that stays truncated: an error naming the file and the rows received, no rows', async () => {
		emu.faults.add({ route: 'storage', type: 'truncate', times: Infinity });
		const result = await run({});
		expect(result.error?.constructor.name).toBe('NodeApiError');
		expect(result.error?.message).toMatch(/^Result file "enriched_results_final\.csv" of run "run_\w+" arrived incomplete in 3 downloads: \d+ of \d+ rows/);
		expect(result.items).toEqual([]);
	});
});

function errorText(result: { error?: Error }) {
	return [result.error?.constructor.name, result.error?.message, (result.error as Error & { httpCode?: string | null })?.httpCode ?? null];
}
