import type { IDataObject } from 'n8n-workflow';

import { forgetRecentEvents } from '../../../nodes/SixtyfourWebhookTrigger/helpers/recentEvents';
import { runWebhook } from '../../harness';
import {
	answerOf,
	bench,
	credentials,
	deliver,
	finalRows,
	linkRequests,
	listen,
	nodeType,
	OLD_SECRET,
	post,
	RUN_MS,
	SECRET,
	startRun,
	started,
	storageRequests,
	useWebhookBench,
	WORKFLOW,
} from '../../harness/kits/webhookKit';

useWebhookBench();

describe('Sixtyfour Webhook Trigger through n8n-core\'s WebhookContext, fed by the emulator\'s deliveries', () => {
	test.each([
		// The minimum names no file: its name and block stay null, not made up.
		['the documented minimum', 'minimal' as const, { workflow_id: '', workflow_name: null, completed_at: null }, null, null],
		['the full envelope', 'full' as const, { workflow_id: WORKFLOW, workflow_name: 'Hooked Enrichment', finished_at_source: 'completed_at' }, 'enriched_results_final.csv', 3],
	])('%s with inline rows fires once with the run and its rows, answered 200 {received, fired} without any download', async (_name, envelope, run, filename, block) => {
		await listen({ outgoingWebhook: { envelope } });
		const runId = startRun(3);
		const sent = await deliver();

		expect(sent.map((a) => [a.attempt, a.status])).toEqual([[1, 200]]);
		expect(started()).toHaveLength(1);
		expect(answerOf(started()[0])).toEqual({ received: true, fired: true });
		const [item] = started()[0].items;
		expect(item.json).toMatchObject({ job_id: runId, status: 'completed', ...run });
		expect(item.json.rows).toEqual(await finalRows(runId));
		expect(item.json.result_files).toEqual([{ filename, block_number: block, row_count: 3, rows_read: 3 }]);
		bench.emu.clearRequests();
		expect(storageRequests()).toHaveLength(0);
		expect(started()[0].answeredBeforeReturn).toBe(true);
	});

	test('One Item per Row gives the polling trigger\'s row items; Infer Types types the inline rows', async () => {
		await listen({ parameters: { output: 'row', options: { inferTypes: true } } });
		const runId = startRun(2);
		await deliver();
		const items = started()[0].items.map((i) => i.json);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({ sixtyfour_job_id: runId, sixtyfour_status: 'completed', sixtyfour_filename: null, sixtyfour_block_number: null, sixtyfour_finished_at_source: 'received' });
		expect(typeof items[0].employee_count).toBe('number');
	});

	test('forged: a wrong secret is 401 on every attempt, nothing fires, and the logs name neither the secret nor the body', async () => {
		await listen();
		const runId = startRun(2);
		bench.emu.setDelivery(runId, { signature: 'bad' });
		await deliver();
		for (let retry = 0; retry < 4; retry++) await deliver(3_600_000);

		expect(bench.emu.webhookLog.map((a) => [a.attempt, a.status])).toEqual([[1, 401], [2, 401], [3, 401], [4, 401], [5, 401]]);
		expect(bench.emu.webhookDeliveries()[0].state).toBe('failed');
		expect(started()).toHaveLength(0);
		expect(bench.results.every((r) => !r.staticDataChanged)).toBe(true);
		const logged = JSON.stringify(bench.results.map((r) => r.logs));
		expect(logged).toContain('no v1 signature');
		expect(logged).not.toContain(SECRET);
		expect(logged).not.toContain('co 0');
		expect(answerOf(bench.results[0])).toEqual({ error: 'unauthorized', message: 'no v1 signature (of 1) matches the signing secret' });
	});

	test.each([
		['stale (10 minutes old)', { timestampOffsetSeconds: -600 }, 'old'],
		['tampered body', { signature: 'tamperedBody' as const }, 'no v1 signature'],
		['unsigned', { signature: 'unsigned' as const }, 'unsigned'],
	])('%s: 401 and no execution', async (_name, tweak, reason) => {
		await listen();
		bench.emu.setDelivery(startRun(1), tweak);
		await deliver();
		expect(bench.results.map((r) => r.answer.status)).toEqual([401]);
		expect(bench.results[0].answer.body).toContain(reason);
		expect(started()).toHaveLength(0);
	});

	test('a malformed signature header is 400; a body that is not JSON is refused before the node runs', async () => {
		const header = await runWebhook({ nodeType, credentials: credentials(), request: { headers: { 'sixtyfour-signature': 'v1=abc' }, body: Buffer.from('{"run_id":"r"}') } });
		expect(header.answer.status).toBe(400);
		expect(header.executionStarted).toBe(false);
		const notJson = await runWebhook({ nodeType, credentials: credentials(), request: { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"run_id":') } });
		expect(notJson.answer.status).toBe(422);
		expect(notJson.executionStarted).toBe(false);
	});

	test('Allow Unsigned Deliveries accepts an unsigned delivery, with a warning', async () => {
		await listen({ parameters: { allowUnsigned: true } });
		bench.emu.setDelivery(startRun(1), { signature: 'unsigned' });
		await deliver();
		expect(started()).toHaveLength(1);
		expect(JSON.stringify(started()[0].logs)).toContain('unsigned delivery accepted');
	});

	test('with a secret set, an unsigned delivery\'s download link is not fetched: the rows come through download-links with the credential', async () => {
		const runId = startRun(3);
		bench.emu.clock.advance(RUN_MS);
		const chosenBySender = 'http://127.0.0.1:9/chosen-by-the-sender.csv';
		const body = JSON.stringify({ event_id: 'evt_u', run_id: runId, status: 'completed', row_count: 3, results_download_url: chosenBySender });
		const result = await post({ headers: { 'content-type': 'application/json' }, body: Buffer.from(body) }, { parameters: { allowUnsigned: true } });
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		expect(result.items[0].json).toMatchObject({ job_id: runId, rows: await finalRows(runId) });
		expect(result.items[0].json.results_error).toBeUndefined();
		expect(linkRequests().every((r) => r.headers['x-api-key'] === bench.emu.apiKey)).toBe(true);
		expect(linkRequests().length).toBeGreaterThan(0);
		expect(JSON.stringify(result.logs)).toContain("the unsigned delivery's results_download_url is not used");
	});

	test('rotation: signed with the new and the old secret, a node still holding the old one accepts it', async () => {
		await listen({ secret: OLD_SECRET });
		bench.emu.setOutgoingWebhook(WORKFLOW, { secrets: [SECRET, OLD_SECRET] });
		startRun(1);
		const [sent] = await deliver();
		expect(sent.headers['sixtyfour-signature'].match(/v1=/g)).toHaveLength(2);
		expect(started()).toHaveLength(1);
	});

	test('duplicate: the same event delivered twice fires once; the copy is answered 200 and starts nothing', async () => {
		await listen();
		bench.emu.setDelivery(startRun(2), { copies: 2 });
		const sent = await deliver();
		expect(sent.map((a) => [a.copy, a.status])).toEqual([[1, 200], [2, 200]]);
		expect(new Set(sent.map((a) => a.eventId)).size).toBe(1);
		expect(bench.results.map((r) => r.executionStarted)).toEqual([true, false]);
		expect(answerOf(bench.results[1])).toEqual({ received: true, fired: false, duplicate: true });
	});

	test('a retry after n8n answered 503 carries the same event id and a higher attempt, and fires once', async () => {
		await listen({ failFirst: 1 });
		startRun(1);
		await deliver();
		await deliver(10_000);
		expect(bench.emu.webhookLog.map((a) => [a.attempt, a.status])).toEqual([[1, 503], [2, 200]]);
		expect(new Set(bench.emu.webhookLog.map((a) => a.eventId)).size).toBe(1);
		expect(started()).toHaveLength(1);
	});

	test('the seen events survive a restart: they are in the static data, not only in memory', async () => {
		await listen();
		startRun(1);
		await deliver();
		const [first] = bench.emu.webhookLog;
		expect(started()[0].staticDataChanged).toBe(true);
		forgetRecentEvents();
		const again = await runWebhook({ nodeType, credentials: credentials(), staticData: bench.staticData, request: { headers: first.headers, body: first.body } });
		expect(again.answer.status).toBe(200);
		expect(again.executionStarted).toBe(false);
	});

	test('out of order: a run that completed first but is delivered last still fires, each run once', async () => {
		await listen();
		const early = startRun(1, 'early');
		bench.emu.clock.advance(60_000);
		const late = startRun(1, 'late');
		bench.emu.setDelivery(early, { delayMs: 30 * 60_000 });
		await deliver();
		await deliver(30 * 60_000);
		expect(started().map((r) => r.items[0].json.job_id)).toEqual([late, early]);
	});

	test('a large inline result (2,000 rows) is parsed from the envelope, with no download', async () => {
		await listen({ outgoingWebhook: { inlineMaxRows: 5_000 } });
		const runId = startRun(2_000);
		await deliver(10 * RUN_MS);
		expect(storageRequests()).toHaveLength(0);
		expect(linkRequests()).toHaveLength(0);
		const rows = started()[0].items[0].json.rows as IDataObject[];
		expect(rows).toHaveLength(2_000);
		expect(rows).toEqual(await finalRows(runId));
	});

	test('results cut short inline are fetched after answering, from the signed link, without the API key', async () => {
		await listen({ parameters: { output: 'row' }, outgoingWebhook: { envelope: 'full', inlineMaxRows: 2 } });
		const runId = startRun(5);
		bench.emu.clearRequests();
		await deliver();
		const [result] = started();
		expect(result.answeredBeforeReturn).toBe(true);
		expect(answerOf(result)).toEqual({ received: true, fired: true });
		expect(storageRequests()).toHaveLength(1);
		expect(storageRequests()[0].headers['x-api-key']).toBeUndefined();
		expect(linkRequests()).toHaveLength(0);
		const rows = result.items.map(({ json }) => Object.fromEntries(Object.entries(json).filter(([key]) => !key.startsWith('sixtyfour_'))));
		expect(rows).toEqual(await finalRows(runId));
	});

	test('without inline rows or a link, the rows come through download-links with the credential', async () => {
		await listen({ outgoingWebhook: { inlineMaxRows: 0 } });
		const runId = startRun(3);
		await deliver();
		const [result] = started();
		expect(result.answeredBeforeReturn).toBe(true);
		expect(linkRequests().length).toBeGreaterThan(0);
		expect(linkRequests().every((r) => r.headers['x-api-key'] === bench.emu.apiKey)).toBe(true);
		expect(result.items[0].json.rows).toEqual(await finalRows(runId));
	});

	test('rows that cannot be fetched fire the run with results_error rather than losing it', async () => {
		await listen();
		bench.emu.setOutgoingWebhook(WORKFLOW, { inlineMaxRows: 0 });
		const runId = startRun(2);
		bench.emu.faults.add({ route: 'storage', type: 'status', status: 500, times: Infinity });
		await deliver();
		expect(started()).toHaveLength(1);
		expect(started()[0].items[0].json).toMatchObject({ job_id: runId, rows: [], results_error: expect.stringContaining('enriched_results_final.csv') });
	});

	test('the test URL (manual mode) fires on every delivery and stores nothing', async () => {
		await listen({ mode: 'manual' });
		bench.emu.setDelivery(startRun(1), { copies: 2 });
		await deliver();
		expect(bench.results.map((r) => r.executionStarted)).toEqual([true, true]);
		expect(bench.staticData).toEqual({});
	});
});
