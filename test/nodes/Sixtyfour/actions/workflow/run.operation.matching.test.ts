// Issue 17, "Every row to its own record": across n8n instances, with duplicate records, under one
// flag. Run through n8n-core's WorkflowExecute against the emulator (real clock at 2000×).
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../../emulator';
import { errorFields, fastWait, locator, outputOf, runNode, servedFiles, useFastEmulator, type RunNodeOptions } from '../../../../harness/kits/nodeTestKit';

let emu: Emulator;
useFastEmulator((started) => (emu = started));

const companies: IDataObject[] = [
	{ id: 201, company_name: 'Acme Corp', website: 'acme.com' },
	{ id: 202, company_name: 'TechStart Inc', website: 'techstart.io' },
	{ id: 203, company_name: 'Zürich AG', website: 'zurich.ch' },
	{ id: 204, company_name: 'Nordlicht GmbH', website: 'nordlicht.de' },
	{ id: 205, company_name: 'Sakura Studio', website: 'sakura.jp' },
	{ id: 206, company_name: 'Fjord AS', website: 'fjord.no' },
];
const asItems = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));

async function run(parameters: INodeParameters, items: INodeExecutionData[], options: RunNodeOptions = {}) {
	return await runNode(
		emu,
		{ resource: 'workflow', operation: 'run', workflowId: locator('id', 'wf_lead'), waitOptions: fastWait, ...parameters },
		{ inputItems: items, ...options },
	);
}

const apiRequests = () => emu.requests.filter((request) => request.origin === 'api');
const starts = () => apiRequests().filter((request) => request.path === '/workflows/run');
const jobIdOf = () => apiRequests().find((request) => request.path.endsWith('/live_status'))?.path.split('/')[3] as string;

/** n8n's instance ids are SHA-256 hex digests of their encryption keys. */
const INSTANCE_A = '4f1c0a9e2b7d68e13c5a0f9d2e8b7c61aa00bb11cc22dd33ee44ff5566778899';
const INSTANCE_B = '9b2e77c1d05f4a3e8c6b1d2f3a4e5b6c7d8e9f00112233445566778899aabbcc';

describe('the default Idempotency-Key is unique to the n8n instance and to the request', () => {
	it('two instances, one API key, the same workflow, execution id and node id, other records: each its own run and rows', async () => {
		const first = await run({}, asItems(companies.slice(0, 3)), { instanceId: INSTANCE_A, executionId: '1' });
		const second = await run({}, asItems(companies.slice(3)), { instanceId: INSTANCE_B, executionId: '1' });
		for (const [result, sent] of [
			[first, companies.slice(0, 3)],
			[second, companies.slice(3)],
		] as const) {
			const output = outputOf(result);
			const websites = sent.map((company) => company.website);
			expect(output.length).toBeGreaterThan(0);
			for (const item of output) {
				expect(websites).toContain(item.json.website);
				expect(typeof item.json.sixtyfour_matched).toBe('boolean');
			}
		}
		const liveStatusJobs = [...new Set(apiRequests().filter((r) => r.path.endsWith('/live_status')).map((r) => r.path.split('/')[3]))];
		expect(liveStatusJobs).toHaveLength(2);
		expect(liveStatusJobs.map((jobId) => emu.getRun(jobId)?.records)).toEqual([companies.slice(0, 3), companies.slice(3)]);
		const [keyA, keyB] = starts().map((request) => request.headers['idempotency-key']);
		expect(keyA).toMatch(/^n8n-4f1c0a9e2b7d68e1-1-node-under-test-0-1-[0-9a-f]{16}$/);
		expect(keyB).toMatch(/^n8n-9b2e77c1d05f4a3e-1-node-under-test-0-1-[0-9a-f]{16}$/);
		expect(starts().map((request) => request.status)).toEqual([200, 200]);
	});

	it('a restored backup repeating an execution id: other records start their own run; the same records get the run of exactly those', async () => {
		const started = async (records: IDataObject[]) =>
			outputOf(await run({ waitForCompletion: false }, asItems(records), { instanceId: INSTANCE_A, executionId: '77' }))[0].json;
		const original = await started(companies.slice(0, 2));
		const other = await started(companies.slice(2, 4));
		const same = await started(companies.slice(0, 2));
		expect([original.already_started, other.already_started, same.already_started]).toEqual([false, false, true]);
		expect(other.job_id).not.toBe(original.job_id);
		expect(same.job_id).toBe(original.job_id);
		expect(emu.getRun(String(other.job_id))?.records).toEqual(companies.slice(2, 4));
	});
});

describe('a run answered as already started is checked before its rows are used', () => {
	/** A run of other records, and the next start answered with it, as a shared key would. */
	function answerWithOtherRun(workflowId: string, records: IDataObject[], answer: IDataObject = {}): string {
		const jobId = emu.startRun(workflowId, { webhook_payload: records }).job_id;
		const body = { status: 'queued', workflow_id: workflowId, job_id: jobId, cache_config: null, already_started: true, ...answer };
		emu.faults.add({ route: 'run', type: 'status', status: 200, body });
		return jobId;
	}

	const description =
		'Its rows belong to other records, so none are returned as this batch\'s, and nothing was started for it. Start these records under another Idempotency Key (Options → Idempotency Key; left empty, each execution has its own).';

	it('another workflow\'s run: stopped with what happened, no status asked, no rows read', async () => {
		const jobId = answerWithOtherRun('wf_company', companies.slice(0, 2));
		const result = await run({}, asItems(companies.slice(2, 4)));
		expect(errorFields(result)).toEqual({
			type: 'NodeApiError',
			message: `Sixtyfour answered with run "${jobId}" as already started for this start's Idempotency-Key, but that run belongs to workflow "wf_company", not "wf_lead"`,
			description,
			httpCode: null,
		});
		expect(apiRequests().map((request) => request.path)).toEqual(['/workflows/wf_lead', '/workflows/run']);
	});

	it('an answer without workflow_id: the run\'s live status tells its workflow', async () => {
		const jobId = answerWithOtherRun('wf_company', companies.slice(0, 2), { workflow_id: undefined });
		const result = await run({}, asItems(companies.slice(2, 4)));
		expect(result.error?.message).toBe(
			`Sixtyfour answered with run "${jobId}" as already started for this start's Idempotency-Key, but that run belongs to workflow "wf_company", not "wf_lead"`,
		);
		expect(apiRequests().map((request) => request.path)).toEqual(['/workflows/wf_lead', '/workflows/run', `/workflows/runs/${jobId}/live_status`]);
	});

	it('a run of the same workflow with another number of records: stopped; under Continue On Fail, an error item', async () => {
		const jobId = answerWithOtherRun('wf_lead', companies.slice(0, 2));
		const message = `Sixtyfour answered with run "${jobId}" as already started for this start's Idempotency-Key, but that run was started with 2 records, not the 3 sent now`;
		const result = await run({}, asItems(companies.slice(3)));
		expect(errorFields(result)).toEqual({ type: 'NodeApiError', message, description, httpCode: null });
		expect(apiRequests().some((request) => request.path.endsWith('/download-links'))).toBe(false);

		answerWithOtherRun('wf_lead', companies.slice(0, 2));
		const kept = await run({}, asItems(companies.slice(3)), { continueOnFail: true });
		expect(outputOf(kept).map((item) => item.json.error)).toEqual([expect.stringMatching(/^Sixtyfour answered with run "run_[0-9a-f]+" as already started/)]);
	});

	it('a live status without record counts: the runs list gives them', async () => {
		const jobId = answerWithOtherRun('wf_lead', companies.slice(0, 2));
		const status = emu.getRun(jobId)?.liveStatus as unknown as { blocks: IDataObject[] };
		const withoutCounts = { ...status, blocks: status.blocks.map((block) => ({ ...block, total_count: null, metrics: null })) };
		emu.faults.add({ route: 'live_status', type: 'status', status: 200, body: withoutCounts });
		const result = await run({}, asItems(companies.slice(3)));
		expect(result.error?.message).toMatch(/but that run was started with 2 records, not the 3 sent now$/);
		expect(apiRequests().map((request) => request.path)).toEqual([
			'/workflows/wf_lead',
			'/workflows/run',
			`/workflows/runs/${jobId}/live_status`,
			'/workflows/runs',
		]);
	});

	it('no count anywhere: only the workflow is checked, said in the log, and matching flags the rows that are not this batch\'s', async () => {
		const jobId = answerWithOtherRun('wf_lead', companies.slice(0, 3));
		const status = emu.getRun(jobId)?.liveStatus as unknown as { blocks: IDataObject[] };
		emu.faults.add({ route: 'live_status', type: 'status', status: 200, body: { ...status, blocks: [] } });
		emu.faults.add({ route: 'runs', type: 'status', status: 200, body: [] });
		const mine = companies.slice(3);
		const result = await run({ resultFile: 'block', blockNumber: 1 }, asItems(mine));
		expect(result.logs).toContainEqual({
			level: 'warn',
			message: `Sixtyfour run ${jobId} was already started for this start's Idempotency-Key; Sixtyfour did not say how many records it holds, so only its workflow was checked`,
		});
		const output = outputOf(result);
		const theirs = output.filter((item) => item.json.sixtyfour_matched === true);
		expect(theirs).toEqual([]);
		expect(output.slice(-3)).toEqual(mine.map((record, item) => ({ json: { ...record, sixtyfour_matched: false }, pairedItem: { item } })));
	});

	it('the transport\'s retry of a start that reached Sixtyfour finds its own run, checked, and returns its rows', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 500, afterEffect: true });
		const result = await run({ resultFile: 'block', blockNumber: 1 }, asItems(companies.slice(0, 3)));
		expect(starts().map((request) => request.status)).toEqual([500, 200]);
		expect(new Set(starts().map((request) => request.headers['idempotency-key'])).size).toBe(1);
		expect(outputOf(result).map((item) => [item.json.website, item.json.sixtyfour_matched, item.pairedItem])).toEqual(
			companies.slice(0, 3).map((company, item) => [company.website, true, { item }]),
		);
	});
});

describe('duplicates do not turn matching off', () => {
	/** The CRM round trip's case: one company listed twice under two CRM ids, the ids not sent. */
	const crm: IDataObject[] = [
		...companies.slice(0, 4).map(({ id, company_name, website }) => ({ id, properties: { company: company_name, website } })),
		{ id: 299, properties: { company: 'Acme Corp', website: 'acme.com' } },
	];

	it('Auto: the twin records get their rows in order, every other record its own row by website', async () => {
		const result = await run({ fieldsToSend: 'selected', fields: 'properties.company, properties.website', resultFile: 'block', blockNumber: 1 }, asItems(crm));
		const rows = (await servedFiles(emu, jobIdOf()))[0].rows;
		expect(rows.map((row) => row.website)).toEqual(['acme.com', 'techstart.io', 'zurich.ch', 'nordlicht.de', 'acme.com']);
		expect(outputOf(result).map((item) => [item.json.website, item.json.sixtyfour_matched, item.pairedItem])).toEqual([
			['acme.com', true, { item: 0 }],
			['techstart.io', true, { item: 1 }],
			['zurich.ch', true, { item: 2 }],
			['nordlicht.de', true, { item: 3 }],
			['acme.com', true, { item: 4 }],
		]);
		expect(result.logs.map((line) => line.level)).not.toContain('warn');
	});

	it('By Field accepts the twins too', async () => {
		const result = await run(
			{ fieldsToSend: 'selected', fields: 'properties.company, properties.website', matchRows: 'field', matchField: 'website', resultFile: 'block', blockNumber: 1 },
			asItems(crm),
		);
		expect(outputOf(result).map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	});

	it('By Field on a field the items have but the records sent do not: says so, before any request', async () => {
		const result = await run({ fieldsToSend: 'selected', fields: 'properties.company, properties.website', matchRows: 'field', matchField: 'id' }, asItems(crm));
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: 'Invalid "Match Field": the record of item 0 has no "id": the input item has it, but it is not among the fields sent',
			description:
				'Add "id" to the fields sent (Fields or Mapped Fields): Sixtyfour passes fields its workflow does not declare through to the rows, so they can be matched by it.',
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});

	it('By Field on a dragged dot path names the name the field is sent under', async () => {
		const result = await run(
			{ fieldsToSend: 'selected', fields: 'properties.company, properties.website', matchRows: 'field', matchField: 'properties.website' },
			asItems(crm),
		);
		expect(errorFields(result)).toEqual({
			type: 'NodeOperationError',
			message: 'Invalid "Match Field": the record of item 0 has no "properties.website": a path is sent under its last name, "website"',
			description: 'Set Match Field to "website".',
			httpCode: null,
		});
		expect(emu.requests).toEqual([]);
	});

	it('By Field on JSON records counts records from 0, as items are', async () => {
		const records = JSON.stringify([{ w: 'a.com', n: 1 }, { w: 'b.com', n: 2 }, { w: 'a.com', n: 3 }]);
		const result = await run({ recordsSource: 'json', records, matchRows: 'field', matchField: 'w' }, asItems([{}]));
		expect(result.error?.message).toBe(
			'Invalid "Match Field": record 2 has the same "w" as record 0 ("a.com") but differs from it in other fields, so their rows cannot be told apart',
		);
		expect(emu.requests).toEqual([]);
	});

	/** Records that differ only in a nested field: no value the rows bring back tells them apart. */
	const nested = (crmId: number, company = 'Acme Corp', website = 'acme.com') => ({ company_name: company, website, crm: { id: crmId } });
	const SEND_AN_ID =
		'Send the CRM id (or another value unique to each record) as a field: Sixtyfour passes fields its workflow does not declare through to the rows, and Auto then matches by it. Unmatched rows are output with sixtyfour_matched: false.';

	it('no field tells any record apart: every row flagged false, every record output flagged false, and the hint says what to do', async () => {
		const items = asItems([nested(1), nested(2)]);
		const result = await run({ resultFile: 'block', blockNumber: 1 }, items);
		const rows = (await servedFiles(emu, jobIdOf()))[0].rows;
		expect(outputOf(result)).toEqual([
			...rows.map((row) => ({ json: { ...row, sixtyfour_matched: false }, pairedItem: [{ item: 0 }, { item: 1 }] })),
			...items.map((item, index) => ({ json: { ...item.json, sixtyfour_matched: false }, pairedItem: { item: index } })),
		]);
		expect(result.logs).toContainEqual({
			level: 'warn',
			message: `Rows of Sixtyfour run ${jobIdOf()} could not be matched to input items: no field has a value that only one record has. ${SEND_AN_ID}`,
		});
	});

	it('some records cannot be told apart: the others still match by their own field, and the hint counts the rest', async () => {
		const items = asItems([nested(1), nested(2, 'Beta', 'beta.io'), nested(3)]);
		const result = await run({ resultFile: 'block', blockNumber: 1 }, items);
		expect(outputOf(result).map((item) => [item.json.website, item.json.sixtyfour_matched, item.pairedItem])).toEqual([
			['acme.com', false, [{ item: 0 }, { item: 2 }]],
			['beta.io', true, { item: 1 }],
			['acme.com', false, [{ item: 0 }, { item: 2 }]],
			['acme.com', false, { item: 0 }],
			['acme.com', false, { item: 2 }],
		]);
		expect(result.logs).toContainEqual({
			level: 'warn',
			message: `2 rows of Sixtyfour run ${jobIdOf()} could not be matched to input items: their values belong to several records that differ only in fields the rows do not bring back. ${SEND_AN_ID}`,
		});
	});

	it('None is the only mode without the flag', async () => {
		const result = await run({ matchRows: 'none', resultFile: 'block', blockNumber: 1 }, asItems(companies.slice(0, 2)));
		for (const item of outputOf(result)) expect(item.json).not.toHaveProperty('sixtyfour_matched');
	});
});

describe('dot paths cannot collide', () => {
	it('two paths ending in the same name are refused before any request, naming both', async () => {
		const items = asItems([{ owner: { email: 'o@acme.com' }, contact: { email: 'c@acme.com' } }]);
		const result = await run({ fieldsToSend: 'selected', fields: 'owner.email, contact.email' }, items);
		expect(result.error?.message).toBe(
			'Invalid "Fields": "owner.email" and "contact.email" would both be sent as "email"; use Mapped Fields to name them',
		);
		expect(emu.requests).toEqual([]);
	});
});
