import { startEmulator } from './index';
import type { Emulator } from './index';
import { call, iso, startLeadRun, testCatalogue, LEAD_RECORDS } from './test-support';

const RUN_LIST_KEYS = [
	'job_id', 'workflow_id', 'workflow_name', 'status', 'step', 'user_id', 'created_at', 'updated_at', 'queued_at',
	'started_at', 'completed_at', 'duration_ms', 'status_reason', 'error_message', 'metrics', 'blocks_count',
].sort();
const LIVE_KEYS = [
	'run_id', 'workflow_id', 'overall_status', 'current_block', 'current_block_sequence', 'total_blocks', 'completed_blocks',
	'started_at', 'completed_at', 'last_updated', 'overall_progress_percentage', 'estimation_blocked_by', 'blocks',
].sort();
const BLOCK_KEYS = [
	'block_name', 'sequence_number', 'status', 'started_at', 'completed_at', 'progress_percentage', 'current_step',
	'processed_count', 'total_count', 'estimated_total_count', 'last_updated', 'error_message', 'metrics',
].sort();

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ catalogue: testCatalogue() });
});

afterEach(async () => {
	await emu.close();
});

describe('authentication', () => {
	const unauthorized = { error: 'unauthorized', message: 'Invalid or missing API key' };
	it.each([
		['POST', '/workflows/run?workflow_id=wf_lead'],
		['GET', '/workflows/runs'],
		['GET', '/workflows/runs/run_000000000000/live_status'],
		['POST', '/workflows/cancel?job_id=run_000000000000'],
		['GET', '/workflows/runs/run_000000000000/results/download-links'],
	])('%s %s answers 401 without a key and with a wrong one', async (method, path) => {
		for (const apiKey of [null, 'sk_wrong']) {
			const answer = await call(emu, method, path, { apiKey });
			expect([answer.status, answer.json]).toEqual([401, unauthorized]);
		}
	});

	it('starts nothing without a valid key', async () => {
		await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { apiKey: 'sk_wrong', body: { webhook_payload: LEAD_RECORDS } });
		expect((await call(emu, 'GET', '/workflows/runs')).json).toEqual([]);
	});
});

describe('POST /workflows/run', () => {
	it('answers exactly {status, workflow_id, job_id, cache_config}', async () => {
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: LEAD_RECORDS } });
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(Object.keys(answer.json).sort()).toEqual(['cache_config', 'job_id', 'status', 'workflow_id']);
		expect(answer.json).toEqual({ status: 'queued', workflow_id: 'wf_lead', job_id: expect.stringMatching(/^run_[0-9a-f]{12}$/), cache_config: null });
		expect(emu.getRun(answer.json.job_id)?.recordCount).toBe(3);
	});

	it('gives every run its own job id, takes a single object as one record, and runs without a body', async () => {
		const ids = new Set<string>();
		for (let i = 0; i < 50; i++) ids.add(emu.startRun('wf_lead', { webhook_payload: { n: i } }).job_id);
		expect(ids.size).toBe(50);
		expect(emu.getRun([...ids][7])?.records).toEqual([{ n: 7 }]);
		const empty = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead');
		expect(empty.status).toBe(200);
		expect(emu.getRun(empty.json.job_id)?.recordCount).toBe(0);
	});

	it('keeps save_json, repeated result_formats and specs_override on the run', async () => {
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead&save_json=true&result_formats=csv&result_formats=ndjson', {
			body: { webhook_payload: [], specs_override: { max_rows: 5 } },
		});
		const run = emu.getRun(answer.json.job_id);
		expect([run?.saveJson, run?.resultFormats, run?.specsOverride]).toEqual([true, ['csv', 'ndjson'], { max_rows: 5 }]);
	});

	it('404s an unknown workflow and names it', async () => {
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_nope', { body: {} });
		expect([answer.status, answer.json]).toEqual([404, { error: 'not_found', message: "Workflow 'wf_nope' not found" }]);
	});

	it('refuses a read_csv workflow with 400', async () => {
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_csv', { body: {} });
		expect([answer.status, answer.json]).toEqual([
			400,
			{ error: 'invalid_workflow', message: 'Workflows starting with read_csv cannot be triggered via API. Use workflows that start with a webhook block.' },
		]);
	});

	it.each([
		['no workflow_id', '', { webhook_payload: [] }, [{ loc: ['query', 'workflow_id'], msg: 'Field required', type: 'missing' }]],
		['a body that is a list', '?workflow_id=wf_lead', [{ a: 1 }], [{ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' }]],
		['a string payload', '?workflow_id=wf_lead', { webhook_payload: 'acme' }, [{ loc: ['body', 'webhook_payload'], msg: 'Input should be a valid dictionary or list of dictionaries', type: 'dict_type' }]],
		['a list with a non-object', '?workflow_id=wf_lead', { webhook_payload: [{ a: 1 }, 2, [3]] }, [
			{ loc: ['body', 'webhook_payload', 1], msg: 'Input should be a valid dictionary', type: 'dict_type' },
			{ loc: ['body', 'webhook_payload', 2], msg: 'Input should be a valid dictionary', type: 'dict_type' },
		]],
		['a list as specs_override', '?workflow_id=wf_lead', { specs_override: [1] }, [{ loc: ['body', 'specs_override'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]],
		['a bad save_json', '?workflow_id=wf_lead&save_json=maybe', {}, [{ loc: ['query', 'save_json'], msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing' }]],
	])('422s %s, FastAPI style', async (_name, query, body, detail) => {
		const answer = await call(emu, 'POST', `/workflows/run${query}`, { body });
		expect([answer.status, answer.json]).toEqual([422, { detail }]);
	});

	it('422s invalid JSON', async () => {
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { rawBody: '{"webhook_payload": [', headers: { 'content-type': 'application/json' } });
		expect(answer.status).toBe(422);
		expect(answer.json).toEqual({ detail: [{ loc: ['body', expect.any(Number)], msg: 'JSON decode error', type: 'json_invalid' }] });
	});

	it('answers a repeated Idempotency-Key with the same job, already_started, and bills it once', async () => {
		emu.setCredits(10);
		const first = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: LEAD_RECORDS }, headers: { 'idempotency-key': 'key-1' } });
		const again = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: LEAD_RECORDS }, headers: { 'idempotency-key': 'key-1' } });
		expect(first.json.already_started).toBeUndefined();
		expect([again.status, again.json]).toEqual([200, { status: 'queued', workflow_id: 'wf_lead', job_id: first.json.job_id, cache_config: null, already_started: true }]);
		expect(emu.getCredits()).toBe(7);
		expect((await call(emu, 'GET', '/workflows/runs')).json.map((r: { job_id: string }) => r.job_id)).toEqual([first.json.job_id]);
		emu.clock.advance(2000);
		expect(emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }, { idempotencyKey: 'key-1' })).toMatchObject({ status: 'running', already_started: true });
	});

	it('409s an Idempotency-Key reused for another workflow', async () => {
		await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: {}, headers: { 'idempotency-key': 'key-2' } });
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_company', { body: {}, headers: { 'idempotency-key': 'key-2' } });
		expect([answer.status, answer.json]).toEqual([409, { error: 'idempotency_conflict', message: "Idempotency-Key 'key-2' was already used to start workflow 'wf_lead'" }]);
	});

	it('402s a run that needs more credits than are left, and bills the ones it starts', async () => {
		emu.setCredits(4);
		expect((await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: LEAD_RECORDS } })).status).toBe(200);
		const answer = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: LEAD_RECORDS } });
		expect([answer.status, answer.json]).toEqual([402, { error: 'insufficient_credits', message: 'Insufficient credits: this run needs 3 credits, 1 left' }]);
		expect(emu.getCredits()).toBe(1);
		expect(() => emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS })).toThrow(expect.objectContaining({ status: 402 }));
	});
});

describe('GET /workflows/runs', () => {
	it('gives every field of the reference for a completed run', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		const answer = await call(emu, 'GET', '/workflows/runs');
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.json[0]).sort()).toEqual(RUN_LIST_KEYS);
		expect(answer.json).toEqual([
			{
				job_id: jobId,
				workflow_id: 'wf_lead',
				workflow_name: 'Lead Enrichment',
				status: 'completed',
				step: 'finished',
				user_id: 'user_emulator',
				created_at: iso(0),
				updated_at: iso(40000),
				queued_at: iso(0),
				started_at: iso(1000),
				completed_at: iso(40000),
				duration_ms: 39000,
				status_reason: null,
				error_message: null,
				metrics: { total_records: 3, processed_records: 3, enrichment_rate: 0.6667 },
				blocks_count: 3,
			},
		]);
	});

	it('shows queued and running runs with nulls where nothing happened yet', async () => {
		const jobId = await startLeadRun(emu);
		expect((await call(emu, 'GET', '/workflows/runs')).json[0]).toMatchObject({
			status: 'queued', step: 'queued', started_at: null, completed_at: null, duration_ms: null, updated_at: iso(0),
			metrics: { total_records: 3, processed_records: 0, enrichment_rate: null },
		});
		emu.clock.advance(20000);
		expect(emu.getRun(jobId)?.listEntry).toMatchObject({
			status: 'running', step: 'enrich_company', started_at: iso(1000), completed_at: null, updated_at: iso(20000),
			metrics: { total_records: 3, processed_records: 1, enrichment_rate: 0 },
		});
	});

	it('sorts by queued_at descending, ties later-created first, and completion order differs from queue order', async () => {
		const lead = await startLeadRun(emu);
		emu.clock.advance(1000);
		const company = await startLeadRun(emu, LEAD_RECORDS, 'wf_company');
		const sameTime = await startLeadRun(emu, [{ a: 1 }], 'wf_company');
		emu.clock.advance(60000);
		const runs = (await call(emu, 'GET', '/workflows/runs')).json;
		expect(runs.map((r: { job_id: string }) => r.job_id)).toEqual([sameTime, company, lead]);
		const byCompletion = [...runs].sort((a, b) => Date.parse(a.completed_at) - Date.parse(b.completed_at)).map((r) => r.job_id);
		// One record runs faster than three: the run queued last finishes first.
		expect(byCompletion).toEqual([sameTime, company, lead]);
	});

	it('filters by status: running, completed, cancelled, active; no filter includes failed and queued', async () => {
		const completed = await startLeadRun(emu, [{ a: 1 }], 'wf_company');
		const failed = await startLeadRun(emu, LEAD_RECORDS, 'wf_failing');
		const cancelled = await startLeadRun(emu);
		await call(emu, 'POST', `/workflows/cancel?job_id=${cancelled}`);
		emu.clock.advance(22000);
		const running = await startLeadRun(emu, LEAD_RECORDS, 'wf_lead');
		emu.clock.advance(1500);
		const queued = await startLeadRun(emu, LEAD_RECORDS, 'wf_lead');
		const ids = async (query: string) => (await call(emu, 'GET', `/workflows/runs${query}`)).json.map((r: { job_id: string }) => r.job_id);
		expect(emu.getRun(failed)?.state.status).toBe('failed');
		expect(await ids('')).toEqual([queued, running, cancelled, failed, completed]);
		expect(await ids('?status=running')).toEqual([running]);
		expect(await ids('?status=completed')).toEqual([completed]);
		expect(await ids('?status=cancelled')).toEqual([cancelled]);
		expect(await ids('?status=active')).toEqual([queued, running]);
		const invalid = await call(emu, 'GET', '/workflows/runs?status=failed');
		expect([invalid.status, invalid.json]).toEqual([422, { detail: [{ loc: ['query', 'status'], msg: "Input should be 'running', 'completed', 'cancelled' or 'active'", type: 'enum' }] }]);
	});

	it('shows a completion only after its visibility lag, behind a later completion, with its true times', async () => {
		const early = await startLeadRun(emu);
		emu.clock.advance(4000);
		const late = await startLeadRun(emu);
		emu.setVisibilityLag(early, 10000);
		const ids = async (query: string) => (await call(emu, 'GET', `/workflows/runs${query}`)).json.map((r: { job_id: string }) => r.job_id);
		// early ended at 40 s and late at 44 s; at 44 s only late shows as completed.
		emu.clock.advance(40000);
		const [lateEntry, earlyEntry] = (await call(emu, 'GET', '/workflows/runs')).json;
		expect([lateEntry.job_id, lateEntry.status, lateEntry.completed_at]).toEqual([late, 'completed', iso(44000)]);
		expect(earlyEntry).toMatchObject({
			job_id: early, status: 'running', step: 'find_email', completed_at: null, duration_ms: null, updated_at: iso(44000),
			metrics: { total_records: 3, processed_records: 3, enrichment_rate: 0.6667 },
		});
		expect([await ids('?status=completed'), await ids('?status=running'), await ids('?status=active')]).toEqual([[late], [early], [early]]);
		// live_status and the result links are authoritative all along.
		expect((await call(emu, 'GET', `/workflows/runs/${early}/live_status`)).json).toMatchObject({ overall_status: 'completed', completed_at: iso(40000) });
		expect((await call(emu, 'GET', `/workflows/runs/${early}/results/download-links`)).json).toHaveLength(3);
		emu.clock.advance(5999);
		expect(await ids('?status=running')).toEqual([early]);
		emu.clock.advance(1);
		expect(await ids('?status=completed')).toEqual([late, early]);
		expect(emu.getRun(early)?.listEntry).toMatchObject({ status: 'completed', step: 'finished', completed_at: iso(40000), updated_at: iso(40000), duration_ms: 39000 });
	});

	it('takes the visibility lag from the workflow timing, for failed and cancelled runs too', async () => {
		emu.addWorkflow({ ...testCatalogue()[3], id: 'wf_lagging', timing: { queueMs: 1000, blockBaseMs: 10000, perRowMs: 1000, visibilityLagMs: 3000 } });
		const failed = await startLeadRun(emu, LEAD_RECORDS, 'wf_lagging');
		const cancelled = await startLeadRun(emu, LEAD_RECORDS, 'wf_lagging');
		await call(emu, 'POST', `/workflows/cancel?job_id=${cancelled}`);
		const listed = async (jobId: string) => (await call(emu, 'GET', '/workflows/runs')).json.find((r: { job_id: string }) => r.job_id === jobId);
		expect(await listed(cancelled)).toMatchObject({ status: 'queued', step: 'queued', completed_at: null });
		emu.clock.advance(3000);
		expect(await listed(cancelled)).toMatchObject({ status: 'cancelled', completed_at: iso(0), updated_at: iso(0) });
		// wf_failing fails half-way through block 2, at 20.5 s.
		emu.clock.advance(20499);
		expect(await listed(failed)).toMatchObject({ status: 'running', step: 'enrich_company', completed_at: null, error_message: null });
		emu.clock.advance(1);
		expect(await listed(failed)).toMatchObject({ status: 'failed', step: 'failed', completed_at: iso(20500), error_message: 'Upstream provider timed out' });
		expect(() => emu.setVisibilityLag(failed, -1)).toThrow('visibilityLagMs must be a number >= 0, got -1');
		expect(() => emu.setVisibilityLag('run_nope', 1)).toThrow(expect.objectContaining({ status: 404 }));
	});

	it('filters by workflow_id and 404s an unknown one', async () => {
		await startLeadRun(emu);
		const company = await startLeadRun(emu, LEAD_RECORDS, 'wf_company');
		expect((await call(emu, 'GET', '/workflows/runs?workflow_id=wf_company')).json.map((r: { job_id: string }) => r.job_id)).toEqual([company]);
		const answer = await call(emu, 'GET', '/workflows/runs?workflow_id=wf_nope');
		expect([answer.status, answer.json]).toEqual([404, { error: 'not_found', message: "Workflow 'wf_nope' not found" }]);
	});

	it('limits to 100 by default and to 1..500 when asked, 422 otherwise', async () => {
		for (let i = 0; i < 120; i++) emu.startRun('wf_company', { webhook_payload: [{ i }] });
		expect((await call(emu, 'GET', '/workflows/runs')).json).toHaveLength(100);
		expect((await call(emu, 'GET', '/workflows/runs?limit=1')).json).toHaveLength(1);
		expect((await call(emu, 'GET', '/workflows/runs?limit=500')).json).toHaveLength(120);
		const loc = ['query', 'limit'];
		for (const [limit, msg, type] of [
			['0', 'Input should be greater than or equal to 1', 'greater_than_equal'],
			['501', 'Input should be less than or equal to 500', 'less_than_equal'],
			['abc', 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing'],
			['1.5', 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing'],
		]) {
			const answer = await call(emu, 'GET', `/workflows/runs?limit=${limit}`);
			expect([answer.status, answer.json]).toEqual([422, { detail: [{ loc, msg, type }] }]);
		}
	});
});

describe('GET /workflows/runs/{run_id}/live_status', () => {
	it('follows a run block by block on the manual clock', async () => {
		const jobId = await startLeadRun(emu);
		const live = async () => (await call(emu, 'GET', `/workflows/runs/${jobId}/live_status`)).json;

		const queued = await live();
		expect(Object.keys(queued).sort()).toEqual(LIVE_KEYS);
		expect(queued).toMatchObject({ overall_status: 'queued', current_block: null, current_block_sequence: null, completed_blocks: 0, started_at: null, overall_progress_percentage: 0 });
		expect(queued.blocks.map((b: { status: string }) => b.status)).toEqual(['pending', 'pending', 'pending']);

		emu.clock.advance(20000);
		const running = await live();
		expect(running).toEqual({
			run_id: jobId,
			workflow_id: 'wf_lead',
			overall_status: 'running',
			current_block: 'enrich_company',
			current_block_sequence: 2,
			total_blocks: 3,
			completed_blocks: 1,
			started_at: iso(1000),
			completed_at: null,
			last_updated: iso(20000),
			overall_progress_percentage: 48.7,
			estimation_blocked_by: null,
			blocks: [
				{
					block_name: 'webhook', sequence_number: 1, status: 'completed', started_at: iso(1000), completed_at: iso(14000),
					progress_percentage: 100, current_step: null, processed_count: 3, total_count: 3, estimated_total_count: null,
					last_updated: iso(14000), error_message: null, metrics: { row_count: 3, dataframe_type: 'LEAD', processed_count: 3, total_count: 3 },
				},
				{
					block_name: 'enrich_company', sequence_number: 2, status: 'running', started_at: iso(14000), completed_at: null,
					progress_percentage: 46.2, current_step: 'Enriching companies', processed_count: 1, total_count: 3, estimated_total_count: 3,
					last_updated: iso(20000), error_message: null, metrics: { row_count: 1, dataframe_type: 'LEAD', processed_count: 1, total_count: 3 },
				},
				{
					block_name: 'find_email', sequence_number: 3, status: 'pending', started_at: null, completed_at: null,
					progress_percentage: 0, current_step: null, processed_count: 0, total_count: 3, estimated_total_count: null,
					last_updated: null, error_message: null, metrics: { row_count: 0, dataframe_type: 'LEAD', processed_count: 0, total_count: 3 },
				},
			],
		});
		for (const block of running.blocks) expect(Object.keys(block).sort()).toEqual(BLOCK_KEYS);

		let previous = running.overall_progress_percentage;
		for (let t = 21000; t < 40000; t += 1000) {
			emu.clock.advance(1000);
			const progress = (await live()).overall_progress_percentage;
			expect(progress).toBeGreaterThanOrEqual(previous);
			previous = progress;
		}
		emu.clock.advance(1000);
		const done = await live();
		expect(done).toMatchObject({ overall_status: 'completed', current_block: 'find_email', current_block_sequence: 3, completed_blocks: 3, completed_at: iso(40000), last_updated: iso(40000), overall_progress_percentage: 100 });
		expect(done.blocks[2].metrics).toEqual({ row_count: 2, dataframe_type: 'LEAD', processed_count: 3, total_count: 3 });
	});

	it('reports a failure at the configured block', async () => {
		const jobId = await startLeadRun(emu, LEAD_RECORDS, 'wf_failing');
		emu.clock.advance(100000);
		const live = (await call(emu, 'GET', `/workflows/runs/${jobId}/live_status`)).json;
		// Block 2 runs 14 s..27 s and fails half-way, at 20.5 s.
		expect(live).toMatchObject({ overall_status: 'failed', current_block: 'enrich_company', current_block_sequence: 2, completed_blocks: 1, completed_at: iso(20500) });
		expect(live.blocks[1]).toMatchObject({ status: 'failed', completed_at: iso(20500), processed_count: 1, error_message: 'Upstream provider timed out', current_step: null });
		expect(live.blocks[2].status).toBe('pending');
		expect(emu.getRun(jobId)?.listEntry).toMatchObject({
			status: 'failed', step: 'failed', status_reason: 'block_error', error_message: 'Upstream provider timed out', completed_at: iso(20500), duration_ms: 19500,
		});
	});

	it('404s an unknown run and names it; an encoded slash stays part of the id', async () => {
		for (const [path, id] of [['run_nope', 'run_nope'], ['run%2F..%2Fx', 'run/../x']]) {
			const answer = await call(emu, 'GET', `/workflows/runs/${path}/live_status`);
			expect([answer.status, answer.json]).toEqual([404, { error: 'not_found', message: `Workflow run '${id}' not found` }]);
		}
	});
});

describe('POST /workflows/cancel', () => {
	it('cancels a queued run', async () => {
		const jobId = await startLeadRun(emu);
		const answer = await call(emu, 'POST', `/workflows/cancel?job_id=${jobId}`, { body: {} });
		expect([answer.status, answer.json]).toEqual([200, { job_id: jobId, status: 'cancelled' }]);
		emu.clock.advance(100000);
		expect(emu.getRun(jobId)?.listEntry).toMatchObject({ status: 'cancelled', step: 'cancelled', started_at: null, completed_at: iso(0), duration_ms: null });
	});

	it('cancels a running run and freezes it at that moment', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(20000);
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${jobId}`)).json).toEqual({ job_id: jobId, status: 'cancelled' });
		emu.clock.advance(100000);
		const live = (await call(emu, 'GET', `/workflows/runs/${jobId}/live_status`)).json;
		expect(live).toMatchObject({ overall_status: 'cancelled', current_block: 'enrich_company', completed_at: iso(20000), last_updated: iso(20000), overall_progress_percentage: 48.7 });
		expect(live.blocks.map((b: { status: string }) => b.status)).toEqual(['completed', 'cancelled', 'pending']);
		expect(emu.getRun(jobId)?.listEntry).toMatchObject({ status: 'cancelled', duration_ms: 19000, metrics: { processed_records: 1 } });
	});

	it('leaves a finished run as it is', async () => {
		const completed = await startLeadRun(emu);
		const failed = await startLeadRun(emu, LEAD_RECORDS, 'wf_failing');
		emu.clock.advance(100000);
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${completed}`)).json).toEqual({ job_id: completed, status: 'completed' });
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${failed}`)).json).toEqual({ job_id: failed, status: 'failed' });
		const cancelled = await startLeadRun(emu);
		await call(emu, 'POST', `/workflows/cancel?job_id=${cancelled}`);
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${cancelled}`)).json).toEqual({ job_id: cancelled, status: 'cancelled' });
		expect(emu.getRun(completed)?.state.status).toBe('completed');
	});

	it('404s an unknown run and 422s a missing job_id', async () => {
		const unknown = await call(emu, 'POST', '/workflows/cancel?job_id=run_nope');
		expect([unknown.status, unknown.json]).toEqual([404, { error: 'not_found', message: "Workflow run 'run_nope' not found" }]);
		const missing = await call(emu, 'POST', '/workflows/cancel');
		expect([missing.status, missing.json]).toEqual([422, { detail: [{ loc: ['query', 'job_id'], msg: 'Field required', type: 'missing' }] }]);
	});
});

describe('unknown routes', () => {
	it('answers like FastAPI: 404 for a path, 405 for a method', async () => {
		expect(await call(emu, 'GET', '/workflows/nope/deeper')).toMatchObject({ status: 404, json: { detail: 'Not Found' } });
		expect(await call(emu, 'GET', '/workflows/run')).toMatchObject({ status: 405, json: { detail: 'Method Not Allowed' } });
	});
});
