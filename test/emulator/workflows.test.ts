import { startEmulator, defaultCatalogue } from './index';
import type { Emulator } from './index';
import { call, iso, startLeadRun, testCatalogue } from './test-support';

const ENTRY_KEYS = ['id', 'user_uuid', 'org_id', 'name', 'description', 'status', 'step', 'created_at', 'updated_at', 'last_run_date'].sort();

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ catalogue: testCatalogue() });
});

afterEach(async () => {
	await emu.close();
});

/** An entry of GET /workflows for a test-catalogue workflow that keeps every default. */
function entry(id: string, name: string, lastRunDate: string | null = null) {
	return {
		id,
		user_uuid: 'user_emulator',
		org_id: 'org_emulator',
		name,
		description: '',
		status: 'ready',
		step: 'deployed',
		created_at: '2026-02-12T09:00:00Z',
		updated_at: '2026-02-12T09:00:00Z',
		last_run_date: lastRunDate,
	};
}

describe('GET /workflows', () => {
	it('lists every workflow with exactly the reference fields, never-run ones with last_run_date null', async () => {
		const answer = await call(emu, 'GET', '/workflows');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(answer.json.map((workflow: object) => Object.keys(workflow).sort())).toEqual(Array(5).fill(ENTRY_KEYS));
		expect(answer.json).toEqual([
			entry('wf_lead', 'Lead Enrichment'),
			entry('wf_company', 'Company Enrichment'),
			entry('wf_csv', 'CSV Import'),
			entry('wf_failing', 'Failing'),
			entry('wf_bom', 'BOM and inline'),
		]);
	});

	it('gives last_run_date as the queued_at of the latest run of the caller, no block graph', async () => {
		await startLeadRun(emu);
		emu.clock.advance(5000);
		await startLeadRun(emu);
		emu.addApiKey('sk_other');
		emu.clock.advance(5000);
		emu.startRun('wf_company', { webhook_payload: [] }, { account: 'sk_other' });
		const mine = (await call(emu, 'GET', '/workflows')).json;
		expect(mine.map((w: { last_run_date: string | null }) => w.last_run_date)).toEqual([iso(5000), null, null, null, null]);
		expect(JSON.stringify(mine)).not.toContain('workflow_definition');
		const theirs = (await call(emu, 'GET', '/workflows', { apiKey: 'sk_other' })).json;
		expect(theirs.map((w: { last_run_date: string | null }) => w.last_run_date)).toEqual([null, iso(10000), null, null, null]);
	});

	it('lists a workflow added at run time, created when it was added, with the fields it names', async () => {
		emu.clock.advance(60_000);
		emu.addWorkflow({ id: 'wf_new', name: 'New', source: 'webhook', blocks: ['webhook', 'enrich_lead'] });
		emu.addWorkflow({
			id: 'wf_named',
			name: 'Named',
			source: 'webhook',
			blocks: ['webhook'],
			description: 'what it does',
			status: 'draft',
			step: 'editing',
			createdAt: '2026-01-01T00:00:00Z',
			updatedAt: '2026-01-02T00:00:00Z',
		});
		const list = (await call(emu, 'GET', '/workflows')).json;
		expect(list.slice(5)).toEqual([
			{ ...entry('wf_new', 'New'), created_at: iso(60_000), updated_at: iso(60_000) },
			{ ...entry('wf_named', 'Named'), description: 'what it does', status: 'draft', step: 'editing', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-02T00:00:00Z' },
		]);
	});

	it('answers 401 without a valid key', async () => {
		for (const path of ['/workflows', '/workflows/wf_lead']) {
			const answer = await call(emu, 'GET', path, { apiKey: 'sk_wrong' });
			expect([answer.status, answer.json]).toEqual([401, { error: 'unauthorized', message: 'Invalid or missing API key' }]);
		}
	});

	it('answers 405 to other methods', async () => {
		const answer = await call(emu, 'POST', '/workflows', { body: {} });
		expect([answer.status, answer.headers.get('allow'), answer.json]).toEqual([405, 'GET', { detail: 'Method Not Allowed' }]);
	});
});

describe('GET /workflows/{workflow_id}', () => {
	it('gives the entry plus workflow_definition: blocks in order and the edges chaining them', async () => {
		const answer = await call(emu, 'GET', '/workflows/wf_lead');
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			...entry('wf_lead', 'Lead Enrichment'),
			workflow_definition: {
				blocks: [
					{
						sequence_number: 1,
						block_type: 'source',
						block_name: 'webhook',
						block_id: 'blk_wf_lead_1',
						specs: {
							input_schema: [
								{ name: 'company_name', type: 'string' },
								{ name: 'website', type: 'string' },
							],
							dataframe_type: 'LEAD',
						},
					},
					{ sequence_number: 2, block_type: 'enrich', block_name: 'enrich_company', block_id: 'blk_wf_lead_2', specs: {} },
					{ sequence_number: 3, block_type: 'enrich', block_name: 'find_email', block_id: 'blk_wf_lead_3', specs: {} },
				],
				edges: [
					{ from_block_id: 'blk_wf_lead_1', to_block_id: 'blk_wf_lead_2', condition: null },
					{ from_block_id: 'blk_wf_lead_2', to_block_id: 'blk_wf_lead_3', condition: null },
				],
			},
		});
	});

	it('gives input_schema in the shape the catalogue entry chose, or none', async () => {
		const specs = async (id: string) => (await call(emu, 'GET', `/workflows/${id}`)).json.workflow_definition.blocks[0].specs;
		expect(await specs('wf_company')).toEqual({ input_schema: ['company_name', 'domain'], dataframe_type: 'LEAD' });
		expect(await specs('wf_failing')).toEqual({ dataframe_type: 'LEAD' });
		emu.addWorkflow({ id: 'wf_keyed', name: 'Keyed', source: 'webhook', blocks: ['webhook'], dataframeType: 'COMPANY', inputSchema: { domain: { type: 'string' } } });
		expect(await specs('wf_keyed')).toEqual({ input_schema: { domain: { type: 'string' } }, dataframe_type: 'COMPANY' });
	});

	it('shows a read_csv workflow with its read_csv source block (which the API cannot start)', async () => {
		const { workflow_definition: definition } = (await call(emu, 'GET', '/workflows/wf_csv')).json;
		expect(definition.blocks[0]).toEqual({
			sequence_number: 1,
			block_type: 'source',
			block_name: 'read_csv',
			block_id: 'blk_wf_csv_1',
			specs: { resource_handle_id: null, dataframe_type: 'LEAD' },
		});
	});

	it('marks an outgoing_webhook last block as output', async () => {
		emu.addWorkflow({ id: 'wf_out', name: 'Out', source: 'webhook', blocks: ['webhook', 'outgoing_webhook'], outgoingWebhook: {} });
		const { blocks } = (await call(emu, 'GET', '/workflows/wf_out')).json.workflow_definition;
		expect(blocks.map((block: { block_type: string }) => block.block_type)).toEqual(['source', 'output']);
	});

	it('404s an unknown workflow and names it; an id holding %2F is one id', async () => {
		for (const [path, id] of [['/workflows/wf_nope', 'wf_nope'], ['/workflows/wf_lead%2Fx', 'wf_lead/x']]) {
			const answer = await call(emu, 'GET', path);
			expect([answer.status, answer.json]).toEqual([404, { error: 'not_found', message: `Workflow '${id}' not found` }]);
		}
	});

	it('does not take the paths of the five endpoints for workflow ids', async () => {
		expect((await call(emu, 'GET', '/workflows/run')).status).toBe(405);
		expect((await call(emu, 'GET', '/workflows/cancel')).status).toBe(405);
		expect((await call(emu, 'GET', '/workflows/runs')).json).toEqual([]);
	});
});

describe('the workflow endpoints switched off', () => {
	it('"missing": both answer 404 {"detail": "Not Found"} as unknown paths do, with or without a key; the rest still works', async () => {
		emu.setWorkflowsEndpoint('missing');
		for (const path of ['/workflows', '/workflows/wf_lead']) {
			for (const apiKey of [undefined, null]) {
				const answer = await call(emu, 'GET', path, { apiKey });
				expect([answer.status, answer.json]).toEqual([404, { detail: 'Not Found' }]);
			}
		}
		expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
		emu.setWorkflowsEndpoint('served');
		expect((await call(emu, 'GET', '/workflows')).status).toBe(200);
	});

	it('"forbidden": both answer 403 to a valid key, 401 still first', async () => {
		emu.setWorkflowsEndpoint('forbidden');
		for (const path of ['/workflows', '/workflows/wf_lead']) {
			const answer = await call(emu, 'GET', path);
			expect([answer.status, answer.json]).toEqual([403, { error: 'forbidden', message: 'This API key is not allowed to read workflows' }]);
			expect((await call(emu, 'GET', path, { apiKey: null })).status).toBe(401);
		}
	});

	it('is a start-up option, and refuses a mode it does not know', async () => {
		const other = await startEmulator({ catalogue: testCatalogue(), workflowsEndpoint: 'forbidden' });
		try {
			expect((await call(other, 'GET', '/workflows')).status).toBe(403);
		} finally {
			await other.close();
		}
		expect(() => emu.setWorkflowsEndpoint('gone' as never)).toThrow('workflowsEndpoint must be "served", "missing" or "forbidden", got "gone"');
	});

	it('status faults reach each route on their own: 405 from a proxy on the list, 403 by default body', async () => {
		emu.faults.add({ route: 'workflows', type: 'status', status: 405, body: { detail: 'Method Not Allowed' } });
		emu.faults.add({ route: 'workflow', type: 'status', status: 403 });
		expect((await call(emu, 'GET', '/workflows/wf_lead')).json).toEqual({ error: 'forbidden', message: 'Forbidden' });
		expect((await call(emu, 'GET', '/workflows')).status).toBe(405);
		expect((await call(emu, 'GET', '/workflows')).status).toBe(200);
	});
});

describe('the default catalogue', () => {
	it('has a never-run workflow without input_schema, a read_csv one, and input_schema in two shapes', async () => {
		const demo = await startEmulator();
		try {
			const list = (await call(demo, 'GET', '/workflows')).json;
			expect(list.map((w: { id: string; status: string; last_run_date: null }) => [w.id, w.status, w.last_run_date])).toEqual([
				['wf_lead_enrichment', 'ready', null],
				['wf_company_enrichment', 'ready', null],
				['wf_csv_import', 'ready', null],
				['wf_draft_prospects', 'draft', null],
			]);
			const first = async (id: string) => (await call(demo, 'GET', `/workflows/${id}`)).json.workflow_definition.blocks[0];
			expect((await first('wf_lead_enrichment')).specs.input_schema).toEqual([
				{ name: 'full_name', type: 'string' },
				{ name: 'company_name', type: 'string' },
				{ name: 'website', type: 'string' },
			]);
			expect((await first('wf_company_enrichment')).specs).toEqual({
				input_schema: { company_name: { type: 'string' }, website: { type: 'string' } },
				dataframe_type: 'COMPANY',
			});
			expect((await first('wf_csv_import')).block_name).toBe('read_csv');
			expect((await first('wf_draft_prospects')).specs).toEqual({ dataframe_type: 'LEAD' });
		} finally {
			await demo.close();
		}
		expect(defaultCatalogue()).toHaveLength(4);
	});

	it('refuses an inputSchema on a read_csv workflow and a non-string status', () => {
		expect(() => emu.addWorkflow({ id: 'x', name: 'x', source: 'read_csv', blocks: ['read_csv'], inputSchema: ['a'] })).toThrow(
			'Workflow definition "x": only a webhook workflow declares an inputSchema',
		);
		expect(() => emu.addWorkflow({ id: 'y', name: 'y', source: 'webhook', blocks: ['webhook'], status: 3 as never })).toThrow('Workflow definition "y": status must be a string');
	});
});
