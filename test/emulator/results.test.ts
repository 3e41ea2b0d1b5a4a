import { startEmulator } from './index';
import type { Emulator } from './index';
import { call, iso, startLeadRun, testCatalogue, LEAD_RECORDS } from './test-support';

const LINK_KEYS = [
	'filename', 'storage_bucket', 'row_count', 'block_number', 'created_at', 'message', 'download_url',
	'download_expires_in_seconds', 'file_size', 'content_type',
].sort();

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ catalogue: testCatalogue() });
});

afterEach(async () => {
	await emu.close();
});

async function links(jobId: string) {
	const answer = await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links`);
	expect(answer.status).toBe(200);
	return answer.json;
}

async function download(url: string) {
	const response = await fetch(url);
	return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('GET /workflows/runs/{run_id}/results/download-links', () => {
	it('lists one signed file per block of a completed run, field by field', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		const files = await links(jobId);
		for (const file of files) expect(Object.keys(file).sort()).toEqual(LINK_KEYS);
		const signed = (name: string) => expect.stringMatching(new RegExp(`^${emu.storageUrl}/sixtyfour-results/${jobId}/${name}\\?expires=${Math.floor(Date.parse(iso(60000)) / 1000) + 900}&signature=[0-9a-f]{64}$`));
		expect(files).toEqual([
			{ filename: 'results_block_1.csv', storage_bucket: 'sixtyfour-results', row_count: 3, block_number: 1, created_at: iso(14000), message: null, download_url: signed('results_block_1.csv'), download_expires_in_seconds: 900, file_size: expect.any(Number), content_type: 'text/csv' },
			{ filename: 'results_block_2.csv', storage_bucket: 'sixtyfour-results', row_count: 3, block_number: 2, created_at: iso(27000), message: null, download_url: signed('results_block_2.csv'), download_expires_in_seconds: 900, file_size: expect.any(Number), content_type: 'text/csv' },
			{ filename: 'enriched_results_final.csv', storage_bucket: 'sixtyfour-results', row_count: 2, block_number: 3, created_at: iso(40000), message: 'Final enriched results', download_url: signed('enriched_results_final.csv'), download_expires_in_seconds: 900, file_size: expect.any(Number), content_type: 'text/csv' },
		]);
		for (const file of files) {
			const got = await download(file.download_url);
			expect([got.status, got.headers.get('content-type'), Number(got.headers.get('content-length')), got.bytes.length]).toEqual([200, 'text/csv', file.file_size, file.file_size]);
		}
	});

	it('lists nothing before the first block finishes, then grows block by block', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(13999);
		expect(await links(jobId)).toEqual([]);
		emu.clock.advance(1);
		expect((await links(jobId)).map((f: { filename: string }) => f.filename)).toEqual(['results_block_1.csv']);
	});

	it('marks rows that were not found in the enrich block and leaves them out of the final file', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		const [block1, block2, final] = await links(jobId);
		expect((await download(block1.download_url)).bytes.toString()).toBe(
			'company_name,website,industry,email\r\nAcme Corp,acme.com,Technology,\r\nTechStart Inc,techstart.io,,\r\nZürich AG,,,x@z.ch\r\n',
		);
		const enriched = (await download(block2.download_url)).bytes.toString().split('\r\n');
		expect(enriched[0]).toBe('company_name,website,industry,email,domain,employee_count,headquarters,linkedin_url,contact_name,title,phone,description,enrichment_status');
		expect(enriched[1]).toBe('Acme Corp,acme.com,Technology,,,,,,,,,,not_found');
		const finalRows = (await download(final.download_url)).bytes.toString().split('\r\n');
		expect(finalRows.slice(1, 3)).toEqual(enriched.slice(2, 4));
		expect(finalRows).toHaveLength(4);
	});

	it('writes RFC 4180 CSV byte for byte: BOM, CRLF, quoted commas, quotes and line breaks, unicode, nested values as JSON; small files inline', async () => {
		const records = [
			{ company_name: 'Müller & Söhne, GmbH', website: 'https://www.mueller.de/about', note: 'said "hi"\nthen left' },
			{ company_name: '東京 Labs', tags: ['a', 'b'], meta: { x: 1 }, employee_count: 12 },
		];
		const jobId = await startLeadRun(emu, records, 'wf_bom');
		emu.clock.advance(60000);
		const [, final] = await links(jobId);
		const expected = [
			'company_name,website,note,tags,meta,employee_count,domain,industry,headquarters,linkedin_url,contact_name,title,email,phone,description,enrichment_status',
			'"Müller & Söhne, GmbH",https://www.mueller.de/about,"said ""hi""\nthen left",,,8,mueller.de,Financial Services,"San Francisco, CA",https://www.linkedin.com/company/muller-sohne-gmbh,Mateo Rossi,"Director, Revenue Operations",mateo.rossi@mueller.de,+1 (415) 555-3584,"Müller & Söhne, GmbH is a financial services company in San Francisco, CA.",enriched',
			'東京 Labs,,,"[""a"",""b""]","{""x"":1}",12,labs.com,"Logistics, Supply Chain","Kraków, Polska",https://www.linkedin.com/company/labs,José García,"Chief ""Everything"" Officer",jose.garcia@labs.com,+1 (415) 555-9523,"東京 Labs is a logistics, supply chain company in Kraków, Polska.\nKnown for ""fast"" onboarding; 12 staff.",enriched',
			'',
		].join('\r\n');
		const got = await download(final.download_url);
		expect(got.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(got.bytes.subarray(3).toString('utf8')).toBe(expected);
		expect(final.file_size).toBe(got.bytes.length);
		expect(final.results[1]).toEqual({
			company_name: '東京 Labs', website: '', note: '', tags: '["a","b"]', meta: '{"x":1}', employee_count: '12', domain: 'labs.com',
			industry: 'Logistics, Supply Chain', headquarters: 'Kraków, Polska', linkedin_url: 'https://www.linkedin.com/company/labs',
			contact_name: 'José García', title: 'Chief "Everything" Officer', email: 'jose.garcia@labs.com', phone: '+1 (415) 555-9523',
			description: '東京 Labs is a logistics, supply chain company in Kraków, Polska.\nKnown for "fast" onboarding; 12 staff.', enrichment_status: 'enriched',
		});
		expect(final.results).toHaveLength(2);
	});

	it('keeps finished files and the rows done so far of a cancelled run downloadable', async () => {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(20000);
		await call(emu, 'POST', `/workflows/cancel?job_id=${jobId}`);
		emu.clock.advance(100000);
		const files = await links(jobId);
		expect(files.map((f: { filename: string; row_count: number; message: string | null; created_at: string }) => [f.filename, f.row_count, f.message, f.created_at])).toEqual([
			['results_block_1.csv', 3, null, iso(14000)],
			['results_block_2.csv', 1, 'Partial results: the run was cancelled during this block', iso(20000)],
		]);
		const partial = (await download(files[1].download_url)).bytes.toString().split('\r\n');
		expect(partial).toEqual([expect.stringMatching(/^company_name,/), 'Acme Corp,acme.com,Technology,,,,,,,,,,not_found', '']);
	});

	it('gives a failed run the files of the blocks before the failure', async () => {
		const jobId = await startLeadRun(emu, LEAD_RECORDS, 'wf_failing');
		emu.clock.advance(100000);
		expect((await links(jobId)).map((f: { filename: string }) => f.filename)).toEqual(['results_block_1.csv']);
	});

	it('with a files delay lists nothing until the run ended that long ago, then every file at once', async () => {
		const jobId = await startLeadRun(emu);
		emu.setFilesDelay(jobId, 5000);
		const names = async () => (await links(jobId)).map((f: { filename: string }) => f.filename);
		emu.clock.advance(14000);
		expect(await names()).toEqual([]);
		// The run ends at 40 s.
		emu.clock.advance(30999);
		expect(await names()).toEqual([]);
		emu.clock.advance(1);
		const files = await links(jobId);
		expect(files.map((f: { filename: string; created_at: string }) => [f.filename, f.created_at])).toEqual([
			['results_block_1.csv', iso(14000)],
			['results_block_2.csv', iso(27000)],
			['enriched_results_final.csv', iso(40000)],
		]);
		expect((await download(files[2].download_url)).status).toBe(200);
		// Storage has no file before the results are uploaded, even behind a valid link.
		emu.setFilesDelay(jobId, 10000);
		const early = await download(files[2].download_url);
		expect([early.status, /<Code>(\w+)<\/Code>/.exec(early.bytes.toString())?.[1]]).toEqual([404, 'NoSuchKey']);
		emu.clock.advance(5000);
		expect((await download(files[2].download_url)).status).toBe(200);
		expect(() => emu.setFilesDelay(jobId, Number.NaN)).toThrow('filesDelayMs must be a number >= 0, got NaN');
	});

	it('takes the files delay from the workflow timing, counted from a cancel', async () => {
		emu.addWorkflow({ ...testCatalogue()[0], id: 'wf_slow_upload', timing: { queueMs: 1000, blockBaseMs: 10000, perRowMs: 1000, filesDelayMs: 2000 } });
		const jobId = await startLeadRun(emu, LEAD_RECORDS, 'wf_slow_upload');
		emu.clock.advance(20000);
		await call(emu, 'POST', `/workflows/cancel?job_id=${jobId}`);
		emu.clock.advance(1999);
		expect(await links(jobId)).toEqual([]);
		emu.clock.advance(1);
		expect((await links(jobId)).map((f: { filename: string }) => f.filename)).toEqual(['results_block_1.csv', 'results_block_2.csv']);
	});

	it('404s an unknown run', async () => {
		const answer = await call(emu, 'GET', '/workflows/runs/run_nope/results/download-links');
		expect([answer.status, answer.json]).toEqual([404, { error: 'not_found', message: "Workflow run 'run_nope' not found" }]);
	});
});

describe('result formats', () => {
	type Link = { filename: string; block_number: number; row_count: number; content_type: string; file_size: number | null; download_url: string; results?: Record<string, string>[] };

	async function runWithFormats(query: string, records: object[] = LEAD_RECORDS, workflowId = 'wf_lead') {
		const answer = await call(emu, 'POST', `/workflows/run?workflow_id=${workflowId}${query}`, { body: { webhook_payload: records } });
		expect(answer.status).toBe(200);
		emu.clock.advance(3_600_000);
		return answer.json.job_id as string;
	}

	/** A value as the CSV (and inline results) write it. */
	function asCell(value: unknown) {
		return value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
	}

	it('writes each block as CSV, NDJSON and JSON with the same rows, CSV first in every block', async () => {
		const records = [
			{ company_name: 'Müller & Söhne, GmbH', note: 'said "hi"\nthen left', employee_count: 12, meta: { x: [1, 2] } },
			{ company_name: '東京 Labs', website: 'tokyo.jp' },
		];
		const jobId = await runWithFormats('&save_json=true&result_formats=csv&result_formats=ndjson', records, 'wf_bom');
		const files: Link[] = await links(jobId);
		expect(files.map((f) => [f.filename, f.block_number, f.row_count, f.content_type])).toEqual([
			['results_block_1.csv', 1, 2, 'text/csv'],
			['results_block_1.ndjson', 1, 2, 'application/x-ndjson'],
			['results_block_1.json', 1, 2, 'application/json'],
			['enriched_results_final.csv', 2, 2, 'text/csv'],
			['enriched_results_final.ndjson', 2, 2, 'application/x-ndjson'],
			['enriched_results_final.json', 2, 2, 'application/json'],
		]);
		for (const file of files) {
			const got = await download(file.download_url);
			expect([got.status, got.headers.get('content-type'), Number(got.headers.get('content-length')), got.bytes.length]).toEqual([200, file.content_type, file.file_size, file.file_size]);
			expect(file.results).toEqual(files[files.findIndex((f) => f.block_number === file.block_number)].results);
		}
		const [, ndjson, json] = await Promise.all(files.slice(3).map(async (f) => (await download(f.download_url)).bytes.toString('utf8')));
		const lines = ndjson.split('\n');
		expect(lines.pop()).toBe('');
		const fromNdjson = lines.map((line) => JSON.parse(line));
		const fromJson = JSON.parse(json);
		expect(fromNdjson).toEqual(fromJson);
		// Same columns in the same order as the CSV header, values typed rather than stringified.
		expect(Object.keys(fromJson[0])).toEqual(Object.keys(files[3].results?.[0] ?? {}));
		expect([fromJson[0].employee_count, fromJson[0].meta, fromJson[1].note]).toEqual([12, { x: [1, 2] }, null]);
		expect(fromJson.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asCell(v)])))).toEqual(files[3].results);
		expect(json.charCodeAt(0)).toBe(0x5b);
	});

	it('writes only the formats asked for: NDJSON alone has no CSV; JSON via save_json or result_formats', async () => {
		const names = async (query: string) => (await links(await runWithFormats(query))).map((f: Link) => f.filename);
		expect(await names('&result_formats=ndjson')).toEqual(['results_block_1.ndjson', 'results_block_2.ndjson', 'enriched_results_final.ndjson']);
		expect(await names('&result_formats=json')).toEqual(['results_block_1.json', 'results_block_2.json', 'enriched_results_final.json']);
		expect(await names('&save_json=false')).toEqual(['results_block_1.csv', 'results_block_2.csv', 'enriched_results_final.csv']);
		const last = (await links(await runWithFormats('&result_formats=ndjson&result_formats=csv'))).at(-1);
		expect([last.filename, last.block_number]).toEqual(['enriched_results_final.ndjson', 3]);
	});

	it('filters download links by format, and 422s an unknown format or result_formats value', async () => {
		const jobId = await runWithFormats('&save_json=true&result_formats=ndjson&result_formats=csv');
		const named = async (format: string) => (await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links?format=${format}`)).json.map((f: Link) => f.filename);
		expect(await named('csv')).toEqual(['results_block_1.csv', 'results_block_2.csv', 'enriched_results_final.csv']);
		expect(await named('ndjson')).toEqual(['results_block_1.ndjson', 'results_block_2.ndjson', 'enriched_results_final.ndjson']);
		expect(await named('json')).toEqual(['results_block_1.json', 'results_block_2.json', 'enriched_results_final.json']);
		const msg = "Input should be 'csv', 'json' or 'ndjson'";
		const badFormat = await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links?format=xml`);
		expect([badFormat.status, badFormat.json]).toEqual([422, { detail: [{ loc: ['query', 'format'], msg, type: 'enum' }] }]);
		const badRun = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead&result_formats=csv&result_formats=xlsx', { body: {} });
		expect([badRun.status, badRun.json]).toEqual([422, { detail: [{ loc: ['query', 'result_formats', 1], msg, type: 'enum' }] }]);
		expect(() => emu.startRun('wf_lead', {}, { resultFormats: ['parquet'] })).toThrow(expect.objectContaining({ status: 422 }));
	});

	it('streams NDJSON and JSON of synthetic runs chunked, without a size', async () => {
		emu.addWorkflow({ id: 'wf_synthetic', name: 'Synthetic', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing: { queueMs: 0, blockBaseMs: 1000, perRowMs: 0 }, synthetic: { rows: 2000, seed: 7 } });
		const jobId = await runWithFormats('&save_json=true&result_formats=ndjson', [], 'wf_synthetic');
		const [ndjsonLink, jsonLink] = (await links(jobId)).slice(2);
		expect([ndjsonLink.filename, ndjsonLink.file_size, jsonLink.filename, jsonLink.file_size]).toEqual(['enriched_results_final.ndjson', null, 'enriched_results_final.json', null]);
		const ndjson = await download(ndjsonLink.download_url);
		expect([ndjson.headers.get('content-length'), ndjson.headers.get('transfer-encoding')]).toEqual([null, 'chunked']);
		const rows = ndjson.bytes.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
		expect(rows).toHaveLength(2000);
		expect(rows[1999].company_name).toMatch(/ 2000$/);
		expect(JSON.parse((await download(jsonLink.download_url)).bytes.toString('utf8'))).toEqual(rows);
	});
});

describe('signed links on the storage origin', () => {
	async function finalUrl() {
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		return new URL((await links(jobId))[2].download_url);
	}

	function xmlCode(bytes: Buffer) {
		return /<Code>(\w+)<\/Code>/.exec(bytes.toString())?.[1];
	}

	it('serves files from another origin without the API key, and the key never reaches it', async () => {
		const url = await finalUrl();
		expect(url.origin).toBe(emu.storageUrl);
		expect(url.origin).not.toBe(emu.baseUrl);
		emu.clearRequests();
		expect((await download(url.href)).status).toBe(200);
		expect(emu.requests).toEqual([
			{ origin: 'storage', method: 'GET', path: url.pathname, query: { expires: url.searchParams.get('expires'), signature: url.searchParams.get('signature') }, headers: expect.any(Object), status: 200, time: Date.parse(iso(60000)) },
		]);
		expect(emu.requests[0].headers['x-api-key']).toBeUndefined();
	});

	it('403s a link once it has expired on the emulated clock, and a fresh link works again', async () => {
		emu.setLinkTtl(60);
		const jobId = await startLeadRun(emu);
		emu.clock.advance(60000);
		const [file] = await links(jobId);
		expect(file.download_expires_in_seconds).toBe(60);
		emu.clock.advance(60000);
		expect((await download(file.download_url)).status).toBe(200);
		emu.clock.advance(1000);
		const expired = await download(file.download_url);
		expect([expired.status, xmlCode(expired.bytes), expired.headers.get('content-type')]).toEqual([403, 'ExpiredToken', 'application/xml; charset=UTF-8']);
		expect((await download((await links(jobId))[0].download_url)).status).toBe(200);
	});

	it('403s a tampered signature, expiry or path, and a link without a signature', async () => {
		const url = await finalUrl();
		const signature = url.searchParams.get('signature') as string;
		const variants: Array<[string, (u: URL) => void, string]> = [
			['signature', (u) => u.searchParams.set('signature', signature.replace(/^./, (c) => (c === '0' ? '1' : '0'))), 'SignatureDoesNotMatch'],
			['expiry', (u) => u.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600)), 'SignatureDoesNotMatch'],
			['path', (u) => (u.pathname = u.pathname.replace('enriched_results_final.csv', 'results_block_1.csv')), 'SignatureDoesNotMatch'],
			['no signature', (u) => u.searchParams.delete('signature'), 'AccessDenied'],
		];
		for (const [, change, code] of variants) {
			const tampered = new URL(url.href);
			change(tampered);
			const got = await download(tampered.href);
			expect([got.status, xmlCode(got.bytes)]).toEqual([403, code]);
		}
	});
});
