import { startEmulator } from './index';
import type { Emulator } from './index';
import { parse } from 'csv-parse/sync';
import { call, startLeadRun, testCatalogue } from './test-support';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ catalogue: testCatalogue() });
});

afterEach(async () => {
	await emu.close();
});

/** A completed lead run of `rows` records and its final file's link in `format`. */
async function finalLink(rows = 200, format = 'csv') {
	const records = Array.from({ length: rows }, (_, i) => ({ company_name: `Company ${i}, Inc.`, note: `line one\nline "two" of ${i}` }));
	const started = await call(emu, 'POST', `/workflows/run?workflow_id=wf_lead&result_formats=${format}`, { body: { webhook_payload: records } });
	emu.clock.advance(3_600_000);
	const links = (await call(emu, 'GET', `/workflows/runs/${started.json.job_id}/results/download-links`)).json;
	return links[links.length - 1];
}

/** A download that must end cleanly: 200 with a content-length matching the body. */
async function cleanText(url: string) {
	const response = await fetch(url);
	const text = await response.text();
	expect([response.status, Number(response.headers.get('content-length'))]).toEqual([200, Buffer.byteLength(text)]);
	return text;
}

describe('status faults', () => {
	it('answers 429 with Retry-After in seconds, as many times as asked, then normally', async () => {
		emu.faults.add({ route: 'runs', type: 'status', status: 429, retryAfter: '2', times: 2 });
		for (let i = 0; i < 2; i++) {
			const answer = await call(emu, 'GET', '/workflows/runs');
			expect([answer.status, answer.headers.get('retry-after'), answer.json]).toEqual([429, '2', { error: 'rate_limited', message: 'Rate limit exceeded, slow down' }]);
		}
		expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
	});

	it('answers 429 without Retry-After, or with an HTTP date and a custom body', async () => {
		const date = 'Thu, 12 Feb 2026 09:00:05 GMT';
		emu.faults.add({ route: 'run', type: 'status', status: 429 });
		emu.faults.add({ route: 'run', type: 'status', status: 429, retryAfter: date, body: { detail: 'Too Many Requests' } });
		const first = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: {} });
		expect([first.status, first.headers.get('retry-after')]).toEqual([429, null]);
		const second = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: {} });
		expect([second.status, second.headers.get('retry-after'), second.json]).toEqual([429, date, { detail: 'Too Many Requests' }]);
		expect((await call(emu, 'GET', '/workflows/runs')).json).toEqual([]);
	});

	it.each([
		[500, 'internal_error'],
		[502, 'bad_gateway'],
		[503, 'service_unavailable'],
		[504, 'gateway_timeout'],
	])('plays a burst of %i on every route with route "*", in FIFO order with other faults', async (status, error) => {
		emu.faults.add({ route: '*', type: 'status', status, times: 3 });
		emu.faults.add({ route: 'cancel', type: 'status', status: 429 });
		const got = [
			(await call(emu, 'GET', '/workflows/runs')).status,
			(await call(emu, 'GET', '/workflows/runs/run_x/live_status')).status,
			(await call(emu, 'POST', '/workflows/cancel?job_id=run_x')).json.error,
			(await call(emu, 'POST', '/workflows/cancel?job_id=run_x')).status,
			(await call(emu, 'POST', '/workflows/cancel?job_id=run_x')).status,
		];
		expect(got).toEqual([status, status, error, 429, 404]);
	});

	it('applies a fault only to its route, before authentication, and records the answer', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 503, times: Infinity });
		expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
		expect((await call(emu, 'GET', '/workflows/runs/run_x/live_status', { apiKey: null })).status).toBe(503);
		expect((await call(emu, 'GET', '/workflows/runs/run_x/live_status')).status).toBe(503);
		expect(emu.faults.list()).toHaveLength(1);
		emu.faults.clear();
		expect((await call(emu, 'GET', '/workflows/runs/run_x/live_status')).status).toBe(404);
		expect(emu.requests.map((r) => r.status)).toEqual([200, 503, 503, 404]);
	});

	it('rejects faults it does not know', () => {
		expect(() => emu.faults.add({ route: 'nope' as 'runs', type: 'reset' })).toThrow('Unknown fault route "nope"');
		expect(() => emu.faults.add({ route: 'runs', type: 'nope' as 'reset' })).toThrow('Unknown fault type "nope"');
		expect(() => emu.faults.add({ route: 'runs', type: 'status' })).toThrow('A "status" fault needs an HTTP status code');
	});
});

describe('connection and body faults', () => {
	it('delays an answer by the given wall-clock time, then answers normally', async () => {
		emu.faults.add({ route: 'runs', type: 'latency', ms: 300 });
		const started = Date.now();
		const answer = await call(emu, 'GET', '/workflows/runs');
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect([answer.status, answer.json]).toEqual([200, []]);
	});

	it('sends a slow file: headers at once, the same bytes spread over the given time, on every download', async () => {
		const runId = emu.startRun('wf_lead', { webhook_payload: [{ company_name: 'Slow Co' }] }).job_id;
		emu.clock.advance(60_000);
		const links = (await call(emu, 'GET', `/workflows/runs/${runId}/results/download-links`)).json as Array<{ download_url: string }>;
		const url = links[links.length - 1].download_url;
		const normal = await (await fetch(url)).text();
		emu.faults.add({ route: 'storage', type: 'slowBody', ms: 500, times: Infinity });
		for (let download = 0; download < 2; download++) {
			const started = Date.now();
			const answer = await fetch(url);
			expect(answer.status).toBe(200);
			expect(Date.now() - started).toBeLessThan(250);
			expect(await answer.text()).toBe(normal);
			expect(Date.now() - started).toBeGreaterThanOrEqual(450);
		}
		expect(() => emu.faults.add({ route: 'storage', type: 'slowBody' } as never)).toThrow('A "slowBody" fault needs ms >= 0');
	});

	it('resets the connection before any answer, and starts no run', async () => {
		emu.faults.add({ route: 'run', type: 'reset' });
		await expect(call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: [{ a: 1 }] } })).rejects.toThrow('fetch failed');
		expect((await call(emu, 'GET', '/workflows/runs')).json).toEqual([]);
		expect(emu.requests.map((r) => [r.path, r.status])).toEqual([['/workflows/run', 0], ['/workflows/runs', 200]]);
	});

	it('answers 200 with a malformed JSON body', async () => {
		emu.faults.add({ route: 'live_status', type: 'malformedJson' });
		const answer = await call(emu, 'GET', '/workflows/runs/run_x/live_status');
		expect(answer.status).toBe(200);
		expect(answer.headers.get('content-type')).toBe('application/json');
		expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
	});

	it('leaves named fields out of each entry, and validates them', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		emu.faults.add({ route: 'runs', type: 'omitFields', fields: ['completed_at', 'updated_at'] });
		const [stripped] = (await call(emu, 'GET', '/workflows/runs')).json;
		expect(stripped).toMatchObject({ job_id: jobId, status: 'completed' });
		expect(Object.keys(stripped)).not.toContain('completed_at');
		expect(Object.keys(stripped)).not.toContain('updated_at');
		expect((await call(emu, 'GET', '/workflows/runs')).json[0].completed_at).toEqual(expect.any(String));
		emu.faults.add({ route: 'live_status', type: 'omitFields', fields: ['run_id'] });
		expect((await call(emu, 'GET', `/workflows/runs/${jobId}/live_status`)).json).not.toHaveProperty('run_id');
		expect(() => emu.faults.add({ route: 'runs', type: 'omitFields', fields: [] })).toThrow('needs fields');
		expect(() => emu.faults.add({ route: 'storage', type: 'omitFields', fields: ['x'] })).toThrow('one API route');
		expect(() => emu.faults.add({ route: 'runs', type: 'reset', fields: ['x'] })).toThrow('fields are for "omitFields" faults');
	});

	it('gives download links with a null download_url when signing fails', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		emu.faults.add({ route: 'download_links', type: 'nullDownloadUrl' });
		const broken = (await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links`)).json;
		expect(broken.map((f: { download_url: string | null; message: string; row_count: number }) => [f.download_url, f.message, f.row_count])).toEqual([
			[null, 'signing failed', 3],
			[null, 'signing failed', 3],
			[null, 'signing failed', 2],
		]);
		const fine = (await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links`)).json;
		expect(fine[2].download_url).toMatch(/^http:/);
	});

	it('resets a download half-way through the file', async () => {
		const link = await finalLink();
		emu.faults.add({ route: 'storage', type: 'resetMidBody' });
		const response = await fetch(link.download_url);
		expect([response.status, Number(response.headers.get('content-length'))]).toEqual([200, link.file_size]);
		const reader = (response.body as ReadableStream<Uint8Array>).getReader();
		let received = 0;
		await expect(
			(async () => {
				for (;;) {
					const { done, value } = await reader.read();
					if (done) return;
					received += value.length;
				}
			})(),
		).rejects.toThrow();
		expect(received).toBeGreaterThan(link.file_size * 0.3);
		expect(received).toBeLessThan(link.file_size * 0.7);
		expect((await fetch(link.download_url)).status).toBe(200);
	});

	it('truncates a download inside a quoted field and ends the response cleanly', async () => {
		const link = await finalLink();
		const full = await (await fetch(link.download_url)).text();
		emu.faults.add({ route: '*', type: 'truncate' });
		expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
		const response = await fetch(link.download_url);
		const text = await response.text();
		expect(response.status).toBe(200);
		expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
		expect(full.startsWith(text)).toBe(true);
		expect(text.length).toBeGreaterThan(full.length * 0.4);
		expect(text.length).toBeLessThan(full.length * 0.7);
		expect((text.match(/"/g) ?? []).length % 2).toBe(1);
	});

	it('truncates at a row boundary: the header and exactly the first rows, on every download while times lasts', async () => {
		const link = await finalLink(20);
		const full = await cleanText(link.download_url);
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 1, times: Infinity });
		for (let i = 0; i < 2; i++) {
			const text = await cleanText(link.download_url);
			expect(text.endsWith('\r\n')).toBe(true);
			expect(full.startsWith(text)).toBe(true);
			expect(parse(text)).toEqual(parse(full).slice(0, 2));
		}
		emu.faults.clear();
		expect(await cleanText(link.download_url)).toBe(full);
	});

	it('truncates inside an unquoted field, so the last row parses as a shorter, made-up row; once', async () => {
		const link = await finalLink(20);
		const full = await cleanText(link.download_url);
		const fullRows: string[][] = parse(full);
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'insideUnquotedField', rows: 3 });
		const text = await cleanText(link.download_url);
		expect(full.startsWith(text)).toBe(true);
		expect((text.match(/"/g) ?? []).length % 2).toBe(0);
		const rows: string[][] = parse(text, { relax_column_count: true });
		expect(rows.slice(0, 4)).toEqual(fullRows.slice(0, 4));
		expect(rows).toHaveLength(5);
		const last = rows[4];
		expect(last.length).toBeLessThan(fullRows[0].length);
		expect(last.slice(0, -1)).toEqual(fullRows[4].slice(0, last.length - 1));
		const cutField = fullRows[4][last.length - 1];
		expect(cutField.startsWith(last[last.length - 1]) && cutField !== last[last.length - 1]).toBe(true);
		expect(await cleanText(link.download_url)).toBe(full);
	});

	it('truncates the format being served: NDJSON at a row boundary or mid-record, JSON after an object', async () => {
		const ndjson = await finalLink(20, 'ndjson');
		const lines = (await cleanText(ndjson.download_url)).split('\n');
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 2 });
		expect(await cleanText(ndjson.download_url)).toBe(`${lines[0]}\n${lines[1]}\n`);
		emu.faults.add({ route: 'storage', type: 'truncate' });
		const cut = (await cleanText(ndjson.download_url)).split('\n');
		expect(cut.slice(0, -1)).toEqual(lines.slice(0, cut.length - 1));
		expect(() => JSON.parse(cut[cut.length - 1])).toThrow(SyntaxError);
		const json = await finalLink(20, 'json');
		const objects = JSON.parse(await cleanText(json.download_url));
		emu.faults.add({ route: 'storage', type: 'truncate', cut: 'rowBoundary', rows: 2 });
		expect(await cleanText(json.download_url)).toBe(`[${JSON.stringify(objects[0])},${JSON.stringify(objects[1])}`);
	});

	it('rejects truncate options it does not know', () => {
		expect(() => emu.faults.add({ route: 'storage', type: 'truncate', cut: 'nope' as 'rowBoundary' })).toThrow('Unknown truncate cut "nope"');
		expect(() => emu.faults.add({ route: 'storage', type: 'truncate', rows: -1 })).toThrow('rows must be an integer >= 0');
		expect(() => emu.faults.add({ route: 'storage', type: 'reset', rows: 1 })).toThrow('cut and rows are for "truncate" faults');
	});
});

describe('faults after the request took effect', () => {
	const start = (key: string) => call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { body: { webhook_payload: [{ a: 1 }, { a: 2 }] }, headers: { 'idempotency-key': key } });
	const jobIds = async () => (await call(emu, 'GET', '/workflows/runs')).json.map((r: { job_id: string }) => r.job_id);

	it('starts and bills the run, then answers 500; a retry with the same Idempotency-Key finds it', async () => {
		emu.setCredits(10);
		emu.faults.add({ route: 'run', type: 'status', status: 500, afterEffect: true });
		const failed = await start('key-500');
		expect([failed.status, failed.json]).toEqual([500, { error: 'internal_error', message: 'Internal server error' }]);
		const [jobId] = await jobIds();
		expect(emu.getCredits()).toBe(8);
		const retried = await start('key-500');
		expect([retried.status, retried.json]).toEqual([200, { status: 'queued', workflow_id: 'wf_lead', job_id: jobId, cache_config: null, already_started: true }]);
		expect([await jobIds(), emu.getCredits()]).toEqual([[jobId], 8]);
	});

	it('starts the run, then resets the connection with no answer; a retry with the same key finds it', async () => {
		emu.faults.add({ route: 'run', type: 'reset', afterEffect: true });
		await expect(start('key-reset')).rejects.toThrow('fetch failed');
		const [jobId] = await jobIds();
		expect(emu.requests[0].status).toBe(0);
		expect((await start('key-reset')).json).toMatchObject({ job_id: jobId, already_started: true });
		expect(await jobIds()).toEqual([jobId]);
	});

	it('applies to other API routes too: a cancel takes effect behind a 503', async () => {
		const jobId = await startLeadRun(emu);
		emu.faults.add({ route: 'cancel', type: 'status', status: 503, afterEffect: true });
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${jobId}`)).status).toBe(503);
		expect(emu.getRun(jobId)?.state.status).toBe('cancelled');
		expect(() => emu.faults.add({ route: 'storage', type: 'truncate', afterEffect: true })).toThrow('afterEffect does not apply to "truncate" faults');
	});
});
