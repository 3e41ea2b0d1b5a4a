import { createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { forgetRecentEvents } from '../../../nodes/SixtyfourWebhookTrigger/helpers/recentEvents';
import type { WebhookRequest } from '../../harness';
import {
	answerOf,
	bench,
	capture,
	deliver,
	finalRows,
	linkRequests,
	listen,
	post,
	postAtOnce,
	RUN_MS,
	SECRET,
	startRun,
	started,
	useWebhookBench,
} from '../../harness/kits/webhookKit';

useWebhookBench();

/** A body signed as Sixtyfour signs it, sent with the given content type. */
function signed(body: string, contentType: string, eventId = 'evt_1'): WebhookRequest {
	const t = String(Math.floor(Date.now() / 1000));
	const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
	return { headers: { 'content-type': contentType, 'sixtyfour-signature': `t=${t},v1=${v1}`, 'sixtyfour-event-id': eventId }, body: Buffer.from(body) };
}

const redeliver = (request: WebhookRequest) => ({ headers: request.headers, body: request.body });

describe('Deliveries that carry only what Sixtyfour documents', () => {
	test('no run times: the run fires, finished_at is when the delivery was received, and finished_at_source says so', async () => {
		await listen({ parameters: { output: 'row' } });
		const runId = startRun(2);
		const before = Date.now();
		await deliver();
		const after = Date.now();
		const items = started()[0].items.map((item) => item.json);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ sixtyfour_job_id: runId, sixtyfour_status: 'completed', sixtyfour_finished_at_source: 'received' });
		const finishedAt = Date.parse(String(items[0].sixtyfour_finished_at));
		expect(finishedAt).toBeGreaterThanOrEqual(before);
		expect(finishedAt).toBeLessThanOrEqual(after);
	});

	test('inline rows fewer than row_count: answered first, then the rows come through download-links with the credential', async () => {
		await listen({ outgoingWebhook: { inlineMaxRows: 2 } });
		const runId = startRun(5);
		await deliver();
		const [result] = started();
		expect(result.answeredBeforeReturn).toBe(true);
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		expect(linkRequests().every((r) => r.headers['x-api-key'] === bench.emu.apiKey)).toBe(true);
		expect(result.items[0].json.rows).toEqual(await finalRows(runId));
		expect(result.items[0].json.finished_at_source).toBe('received');
	});

});

describe('Statuses and times as the envelope gives them: passed on, never replaced', () => {
	const rows = [{ company_name: 'A' }];
	const fire = async (fields: IDataObject) => {
		const result = await post(signed(JSON.stringify({ event_id: 'evt_1', run_id: 'run_x', row_count: 1, results: rows, ...fields }), 'application/json'));
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		return result.items[0].json;
	};

	test.each([
		['a status Sixtyfour has not documented fires as it came', { status: 'succeeded' }, 'succeeded'],
		['a delivery without a status fires with status null', {}, null],
		['a failed run fires as failed', { status: 'failed' }, 'failed'],
	])('%s', async (_name, fields, status) => {
		expect(await fire(fields)).toMatchObject({ job_id: 'run_x', status, rows });
	});

	const completed = '2026-02-12T09:15:00.000Z';
	const updated = '2026-02-12T09:16:00.000Z';
	const created = '2026-02-12T09:17:00.000Z';
	test.each([
		['completed_at first', { completed_at: completed, updated_at: updated, created_at: created }, completed, 'completed_at'],
		['updated_at when there is no completed_at', { updated_at: updated, created_at: created }, updated, 'updated_at'],
	])('finished_at: %s, finished_at_source naming the field it came from', async (_name, times, finishedAt, source) => {
		expect(await fire({ status: 'completed', ...times })).toMatchObject({ ...times, finished_at: finishedAt, finished_at_source: source });
	});

	test('the envelope\'s created_at (when the event was made) is not taken for the finish: finished_at is when it was received', async () => {
		const before = Date.now();
		const item = await fire({ status: 'completed', created_at: created });
		expect(item).toMatchObject({ created_at: created, completed_at: null, updated_at: null, finished_at_source: 'received' });
		expect(Date.parse(String(item.finished_at))).toBeGreaterThanOrEqual(before);
	});
});

describe('Seen events: saved by n8n, and only once the event fired', () => {
	test('an inline delivery\'s event is in the static data n8n saves: after a restart its redelivery starts nothing', async () => {
		const captured = await capture();
		startRun(2);
		await deliver();
		const first = await post(redeliver(captured[0]));
		expect(first.executionStarted).toBe(true);
		expect(first.staticDataChanged).toBe(true);
		forgetRecentEvents();
		const again = await post(redeliver(captured[0]));
		expect(again.executionStarted).toBe(false);
		expect(answerOf(again)).toEqual({ received: true, fired: false, duplicate: true });
	});

	test('20 distinct events at once, each reading and writing the whole static data: after a restart every redelivery starts nothing', async () => {
		const captured = await capture();
		for (let i = 0; i < 20; i++) startRun(1, `burst ${i}`);
		await deliver();
		expect(captured).toHaveLength(20);
		const burst = await postAtOnce(captured.map(redeliver));
		expect(burst.filter((r) => r.executionStarted)).toHaveLength(20);
		expect(Object.keys(bench.staticData.seenEvents as IDataObject)).toHaveLength(20);
		forgetRecentEvents();
		const again = await postAtOnce(captured.map(redeliver));
		expect(again.filter((r) => r.executionStarted)).toHaveLength(0);
	});

	test('a delivery that fails before it fires leaves no seen event: n8n answers 500, and Sixtyfour\'s retry fires the run once', async () => {
		await listen({ failAnswer: 1 });
		const runId = startRun(1);
		await deliver();
		expect(bench.results.map((r) => [r.answer.status, r.executionStarted])).toEqual([[500, false]]);
		expect(bench.staticData).toEqual({});
		await deliver(10_000);
		expect(bench.emu.webhookLog.map((a) => [a.attempt, a.status])).toEqual([[1, 500], [2, 200]]);
		expect(started().map((r) => r.items[0].json.job_id)).toEqual([runId]);
		await deliver(RUN_MS);
		expect(started()).toHaveLength(1);
	});

	test('rows slower to fetch than Sixtyfour waits for an answer: answered at once, the delivery is not retried, the run fires with its rows', async () => {
		await listen({ outgoingWebhook: { inlineMaxRows: 0, timeoutMs: 1_000 } });
		const runId = startRun(2);
		bench.emu.faults.add({ route: 'storage', type: 'latency', ms: 2_000 });
		await deliver();
		expect(bench.emu.webhookLog.map((a) => [a.attempt, a.status])).toEqual([[1, 200]]);
		expect(started()[0].items[0].json.rows).toEqual(await finalRows(runId));
	});

	test('rows that cannot be fetched at all fire the run with results_error after the 200: never a silent errored execution', async () => {
		await listen({ parameters: { output: 'row' }, outgoingWebhook: { inlineMaxRows: 0 } });
		const runId = startRun(2);
		bench.emu.faults.add({ route: 'download_links', type: 'status', status: 500, times: Infinity });
		await deliver();
		const [result] = started();
		expect(result.error).toBeUndefined();
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ sixtyfour_job_id: runId, sixtyfour_results_error: expect.stringContaining('500') }),
		]);
	});
});

describe('Clear answers for bodies that are not a run\'s delivery', () => {
	const envelope = JSON.stringify({ event_id: 'evt_1', run_id: 'run_x', status: 'completed', row_count: 1, results: [{ company_name: 'A' }] });

	test.each([
		['text/plain, not JSON', 'hello', 'text/plain', 'the body is not JSON'],
		['text/plain, a JSON string', '"run_x"', 'text/plain', 'the body is JSON but not an object (string)'],
		['application/json, an array', '[{"run_id":"run_x"}]', 'application/json', 'the body is JSON but not an object (an array)'],
		['no content type, empty', '', 'application/octet-stream', 'the body is empty, not a JSON object'],
	])('signed, %s: 400 with the reason, nothing fires, nothing is stored', async (_name, body, contentType, reason) => {
		const result = await post(signed(body, contentType));
		expect([result.answer.status, answerOf(result)]).toEqual([400, { error: 'bad_request', message: reason }]);
		expect(result.executionStarted).toBe(false);
		expect(bench.staticData).toEqual({});
	});

	test('a run\'s envelope sent as text/plain is read from its signed bytes and fires', async () => {
		const result = await post(signed(envelope, 'text/plain'));
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		expect(result.items[0].json).toMatchObject({ job_id: 'run_x', rows: [{ company_name: 'A' }] });
	});

	test('a JSON object without run_id (an async-job webhook) is answered 200 and not fired on, so Sixtyfour does not retry it', async () => {
		const result = await post(signed(JSON.stringify({ task_id: 't_1', status: 'completed', task_type: 'enrich_lead' }), 'application/json'));
		expect([result.answer.status, answerOf(result)]).toEqual([200, { received: true, fired: false, reason: "the body has no run_id (not a workflow run's delivery)" }]);
		expect(result.executionStarted).toBe(false);
	});
});
