import { startEmulator } from './index';
import type { Emulator } from './index';
import { retainedHeapBytes } from './heap';
import { call } from './test-support';

// 300,000 rows (about 98 MB) keep this test within its time budget on a shared 2-core machine; the
// generator is the same for 1,000,000 rows, which the benchmarks stream (see test/emulator/README.md, "Large results").
const ROWS = 300_000;
const QUOTE = 0x22;
const LF = 0x0a;

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({
		recordRequests: false,
		catalogue: [
			{ id: 'wf_big', name: 'Big', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing: { queueMs: 1000, blockBaseMs: 1000, perRowMs: 0 }, synthetic: { rows: ROWS, seed: 1 } },
		],
	});
});

afterAll(async () => {
	await emu.close();
});

it(`streams a synthetic ${ROWS.toLocaleString('en')}-row file without holding it in memory`, async () => {
	const { job_id: jobId } = emu.startRun('wf_big', { webhook_payload: [{ ignored: true }] });
	emu.clock.advance(3000);
	expect(emu.getRun(jobId)?.listEntry.metrics).toEqual({ total_records: ROWS, processed_records: ROWS, enrichment_rate: 1 });
	const links = (await call(emu, 'GET', `/workflows/runs/${jobId}/results/download-links`)).json;
	const final = links[1];
	expect([final.filename, final.row_count, final.file_size, final.results]).toEqual(['enriched_results_final.csv', ROWS, null, undefined]);

	const heapBefore = retainedHeapBytes();
	const response = await fetch(final.download_url);
	expect([response.status, response.headers.get('content-type'), response.headers.get('content-length')]).toEqual([200, 'text/csv', null]);
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	let heapPeak = heapBefore;
	let bytes = 0;
	let records = 0;
	let rawLineFeeds = 0;
	let inQuotes = false;
	let head = '';
	for (let chunk = 0; ; chunk++) {
		const { done, value } = await reader.read();
		if (done) break;
		if (head.length < 400) head += Buffer.from(value).toString('utf8');
		bytes += value.length;
		// Count records the RFC 4180 way: a line feed ends a record only outside quotes.
		for (let i = 0; i < value.length; i++) {
			const byte = value[i];
			if (byte === QUOTE) inQuotes = !inQuotes;
			else if (byte === LF) {
				rawLineFeeds++;
				if (!inQuotes) records++;
			}
		}
		if (chunk % 256 === 0) heapPeak = Math.max(heapPeak, retainedHeapBytes());
	}
	expect(head.split('\r\n')[0]).toBe('company_name,domain,industry,employee_count,headquarters,linkedin_url,contact_name,title,email,phone,description,enrichment_status');
	expect(head.split('\r\n')[1]).toMatch(/^Northwind Studio 1,northwind-studio-1\.com,/);
	expect(inQuotes).toBe(false);
	expect(records).toBe(ROWS + 1);
	expect(rawLineFeeds).toBeGreaterThan(records);
	// What the server still holds while it streams stays small whatever the file size; a server that
	// held the file, as a Buffer or as a string, would hold most of its 98 MB by the last samples.
	expect(bytes).toBeGreaterThan(96_000_000);
	expect(heapPeak - heapBefore).toBeLessThan(32 * 1024 * 1024);
});
