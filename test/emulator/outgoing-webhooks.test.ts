import { createHmac } from 'crypto';

import { startEmulator, type Emulator } from './index';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../harness/webhookReceiver';

const SECRET = 'sk_whsec_emulator_test';
const HOUR = 3_600_000;

let emu: Emulator;
let receiver: WebhookReceiver;
let received: ReceivedRequest[];
/** Status the receiver answers with, request by request (then 200). */
let statuses: number[];

beforeEach(async () => {
	received = [];
	statuses = [];
	receiver = await startWebhookReceiver(async (request, respond) => {
		received.push(request);
		respond({ status: statuses.shift() ?? 200, headers: {}, body: 'ok' });
	});
	emu = await startEmulator({
		catalogue: [
			{ id: 'wf_out', name: 'Out', source: 'webhook', blocks: ['webhook', 'enrich_company', 'outgoing_webhook'], enrichmentRate: 1, outgoingWebhook: { url: receiver.url, secrets: [SECRET] } },
			{ id: 'wf_plain', name: 'Plain', source: 'webhook', blocks: ['webhook', 'enrich_company'] },
			{ id: 'wf_fails', name: 'Fails', source: 'webhook', blocks: ['webhook', 'enrich_company', 'outgoing_webhook'], failAt: { block: 2, error_message: 'x', status_reason: 'y' }, outgoingWebhook: { url: receiver.url, secrets: [SECRET] } },
		],
	});
});

afterEach(async () => {
	await emu.close();
	await receiver.close();
});

const start = (rows: number, workflowId = 'wf_out') =>
	emu.startRun(workflowId, { webhook_payload: Array.from({ length: rows }, (_, i) => ({ company_name: `Co ${i}` })) }).job_id;
const mac = (secret: string, t: string, body: Buffer) => createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
const segments = (header: string) => header.split(',').map((segment) => segment.split('='));
const envelopeOf = (request: ReceivedRequest) => JSON.parse(request.body.toString()) as Record<string, unknown>;

describe('outgoing webhooks', () => {
	test('nothing is sent until the deliveries are pumped, and only for completed runs of workflows with the block', async () => {
		start(1);
		start(1, 'wf_plain');
		start(1, 'wf_fails');
		expect(await emu.deliverWebhooks()).toEqual([]);
		emu.clock.advance(HOUR);
		expect(received).toHaveLength(0);
		const sent = await emu.deliverWebhooks();
		expect(sent).toHaveLength(1);
		expect(received).toHaveLength(1);
		expect(await emu.deliverWebhooks()).toEqual([]);
	});

	test('the default envelope is the documented minimum: event_id, run_id, status, row_count, results, and nothing else', async () => {
		const runId = start(3);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		const envelope = envelopeOf(received[0]);
		expect(Object.keys(envelope)).toEqual(['event_id', 'run_id', 'status', 'row_count', 'results']);
		expect(envelope).toMatchObject({ event_id: received[0].headers['sixtyfour-event-id'], run_id: runId, status: 'completed', row_count: 3 });
		expect(envelope.results).toHaveLength(3);
	});

	test('the full envelope and its headers: signed over t and the raw body, event id in header and body', async () => {
		emu.setOutgoingWebhook('wf_out', { envelope: 'full' });
		const runId = start(3);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		const [request] = received;
		const envelope = envelopeOf(request);
		expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'sixtyfour-event-type': 'outgoing_webhook.completed', 'sixtyfour-delivery-attempt': '1' });
		expect(request.headers['sixtyfour-event-id']).toMatch(/^[0-9a-f-]{36}$/);
		expect(envelope).toMatchObject({
			event_id: request.headers['sixtyfour-event-id'],
			event_type: 'outgoing_webhook.completed',
			run_id: runId,
			workflow_id: 'wf_out',
			workflow_name: 'Out',
			status: 'completed',
			row_count: 3,
			results_truncated: false,
			results_file: { filename: 'enriched_results_final.csv', block_number: 3, row_count: 3, content_type: 'text/csv' },
			results_download_expires_in_seconds: 900,
		});
		expect(envelope.results).toHaveLength(3);
		expect(envelope.completed_at).toBe(emu.getRun(runId)?.listEntry.completed_at);
		const download = await fetch(String(envelope.results_download_url));
		expect(download.status).toBe(200);
		const [[tKey, t], [vKey, v1]] = segments(request.headers['sixtyfour-signature']);
		expect([tKey, vKey]).toEqual(['t', 'v1']);
		expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(5);
		expect(v1).toBe(mac(SECRET, t, request.body));
	});

	test('retries with backoff on non-2xx and on timeouts, same event id, rising attempt, then gives up', async () => {
		emu.setOutgoingWebhook('wf_out', { retryDelaysMs: [1_000, 5_000], timeoutMs: 300 });
		statuses = [500, 503, 500];
		start(1);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		emu.clock.advance(999);
		expect(await emu.deliverWebhooks()).toEqual([]);
		emu.clock.advance(1);
		await emu.deliverWebhooks();
		emu.clock.advance(5_000);
		await emu.deliverWebhooks();
		expect(emu.webhookLog.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 503], [3, 500]]);
		expect(received.map((r) => r.headers['sixtyfour-delivery-attempt'])).toEqual(['1', '2', '3']);
		expect(new Set(received.map((r) => r.headers['sixtyfour-event-id'])).size).toBe(1);
		expect(emu.webhookDeliveries()[0]).toMatchObject({ attempts: 3, state: 'failed' });

		// A receiver that never answers: the attempt times out and is retried.
		const silent = await startWebhookReceiver(async () => undefined);
		try {
			emu.setOutgoingWebhook('wf_out', { url: silent.url });
			start(1);
			emu.clock.advance(HOUR);
			const [timedOut] = await emu.deliverWebhooks();
			expect(timedOut).toMatchObject({ attempt: 1, status: null, error: expect.stringContaining('timed out') });
			expect(emu.webhookDeliveries()[1]).toMatchObject({ attempts: 1, state: 'pending' });
		} finally {
			await silent.close();
		}
	});

	test('a 2xx ends the delivery', async () => {
		statuses = [500];
		start(1);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		emu.clock.advance(HOUR);
		expect(await emu.deliverWebhooks()).toEqual([]);
		expect(emu.webhookDeliveries()[0]).toMatchObject({ attempts: 2, state: 'delivered' });
	});

	test('told to: twice, late (out of order), stale, bad signature, tampered body, unsigned', async () => {
		const twice = start(1);
		const late = start(1);
		const stale = start(1);
		const bad = start(1);
		const tampered = start(1);
		const unsigned = start(1);
		emu.setDelivery(twice, { copies: 2 });
		emu.setDelivery(late, { delayMs: 60_000 });
		emu.setDelivery(stale, { timestampOffsetSeconds: -600 });
		emu.setDelivery(bad, { signature: 'bad' });
		emu.setDelivery(tampered, { signature: 'tamperedBody' });
		emu.setDelivery(unsigned, { signature: 'unsigned' });
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		emu.clock.advance(60_000);
		await emu.deliverWebhooks();

		const byRun = (runId: string) => received.filter((r) => envelopeOf(r).run_id === runId);
		expect(received.map((r) => envelopeOf(r).run_id)).toEqual([twice, twice, stale, bad, tampered, unsigned, late]);
		expect(byRun(twice).map((r) => r.body.toString())).toEqual([byRun(twice)[0].body.toString(), byRun(twice)[0].body.toString()]);
		const [[, t]] = segments(byRun(stale)[0].headers['sixtyfour-signature']);
		expect(Date.now() / 1000 - Number(t)).toBeGreaterThan(590);
		const check = (request: ReceivedRequest) => {
			const [[, time], [, v1]] = segments(request.headers['sixtyfour-signature']);
			return v1 === mac(SECRET, time, request.body);
		};
		expect(check(byRun(stale)[0])).toBe(true);
		expect(check(byRun(bad)[0])).toBe(false);
		expect(check(byRun(tampered)[0])).toBe(false);
		expect(envelopeOf(byRun(tampered)[0]).row_count).toBe(2);
		expect(byRun(unsigned)[0].headers['sixtyfour-signature']).toBeUndefined();
	});

	test('rotation: two secrets give two v1 segments, one per secret; no secret sends unsigned', async () => {
		emu.setOutgoingWebhook('wf_out', { secrets: ['sk_whsec_new', SECRET] });
		start(1);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		const [[, t], ...v1s] = segments(received[0].headers['sixtyfour-signature']);
		expect(v1s.map(([key, value]) => [key, value])).toEqual([
			['v1', mac('sk_whsec_new', t, received[0].body)],
			['v1', mac(SECRET, t, received[0].body)],
		]);
		emu.setOutgoingWebhook('wf_out', { secrets: [] });
		start(1);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		expect(received[1].headers['sixtyfour-signature']).toBeUndefined();
	});

	test('inline results are capped: a longer result is cut with results_truncated; without a link the envelope has none', async () => {
		emu.setOutgoingWebhook('wf_out', { envelope: 'full', inlineMaxRows: 2, downloadUrl: false });
		start(5);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		const envelope = envelopeOf(received[0]);
		expect(envelope).toMatchObject({ row_count: 5, results_truncated: true, results_download_url: null });
		expect(envelope.results).toHaveLength(2);
	});

	test('the minimal envelope cuts results too: only row_count tells that rows are missing', async () => {
		emu.setOutgoingWebhook('wf_out', { inlineMaxRows: 2 });
		start(5);
		emu.clock.advance(HOUR);
		await emu.deliverWebhooks();
		const envelope = envelopeOf(received[0]);
		expect(envelope.row_count).toBe(5);
		expect(envelope.results).toHaveLength(2);
		expect(envelope.results_truncated).toBeUndefined();
	});

	test('an envelope setting other than minimal or full is refused', () => {
		expect(() => emu.setOutgoingWebhook('wf_out', { envelope: 'rich' as 'full' })).toThrow('outgoingWebhook.envelope must be "minimal" or "full"');
	});

	test('a real clock delivers on its own', async () => {
		const realEmu = await startEmulator({
			clock: { mode: 'real', speed: 1_000 },
			catalogue: [{ id: 'wf_out', name: 'Out', source: 'webhook', blocks: ['webhook', 'outgoing_webhook'], timing: { queueMs: 100, blockBaseMs: 100, perRowMs: 0 }, outgoingWebhook: { url: receiver.url, secrets: [SECRET] } }],
		});
		try {
			realEmu.startRun('wf_out', { webhook_payload: [{ company_name: 'Realtime' }] });
			expect(await receiver.waitForRequests(1, 5_000)).toBe(1);
		} finally {
			await realEmu.close();
		}
	});
});
