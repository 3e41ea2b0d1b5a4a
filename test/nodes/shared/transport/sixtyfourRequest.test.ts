import {
	NodeConnectionTypes,
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { SixtyfourApi } from '../../../../credentials/SixtyfourApi.credentials';
import { sixtyfourApiRequest, type SixtyfourRequest } from '../../../../nodes/shared/transport/sixtyfourRequest';
import type { Emulator } from '../../../emulator';
import { testCatalogue } from '../../../emulator/test-support';
import { executeWorkflow, testCredential } from '../../../harness';
import { useEmulator } from '../../../harness/kits/useEmulator';

// A driver node: it sends exactly the request a test describes through the one transport function,
// inside a real n8n execution, and outputs the answer.
const probeType = 'n8n-nodes-sixtyfour-test.transportProbe';
const probe: INodeType = {
	description: {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'Sends one Sixtyfour request through the transport',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		properties: [{ displayName: 'Request', name: 'request', type: 'json', default: '{}' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const request = JSON.parse(this.getNodeParameter('request', 0) as string) as SixtyfourRequest;
		const body = await sixtyfourApiRequest.call(this, request);
		return [[{ json: { body: body as never }, pairedItem: { item: 0 } }]];
	},
};

const fastRetries = { baseDelayMs: 10, maxDelayMs: 100, maxTotalWaitMs: 5000, maxAttempts: 4 };
const liveStatus = (runId: string): SixtyfourRequest => ({
	method: 'GET',
	path: ['workflows', 'runs', runId, 'live_status'],
	subject: { runId },
	retry: fastRetries,
});

let emu: Emulator;
let runId: string;
/** The accepted key: distinctive, so that finding it anywhere in an execution's output is never a coincidence. */
const apiKey = `sk_live_${'e5a1c0de'.repeat(4)}`;

useEmulator({ catalogue: testCatalogue() }, (started) => (emu = started));
beforeAll(async () => {
	emu.setApiKey(apiKey);
	runId = emu.startRun('wf_lead', { webhook_payload: [{ company_name: 'Acme' }] }).job_id;
});
beforeEach(() => emu.faults.clear());

async function send(request: SixtyfourRequest, options: { apiKey?: string; baseUrl?: string; signal?: AbortSignal } = {}) {
	return await executeWorkflow({
		nodeTypes: { [probeType]: probe },
		node: { name: 'Probe', type: probeType, parameters: { request: JSON.stringify(request) } },
		credentials: {
			sixtyfourApi: { apiKey: options.apiKey ?? emu.apiKey, baseUrl: options.baseUrl ?? emu.baseUrl },
		},
		signal: options.signal,
	});
}

const apiRequests = () => emu.requests.filter((request) => request.origin === 'api');
const retryLogs = (logs: Array<{ message: string }>) =>
	logs.map((line) => line.message).filter((message) => message.includes('next in'));

/**
 * Everything a user could see of an execution as text, to search for the key: the items, every log
 * line, the run data, and the thrown error with every property of it and of its causes, hidden
 * ones (message, stack) included.
 */
function visible(result: Awaited<ReturnType<typeof send>>): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(
		{ items: result.items, logs: result.logs, runData: result.runData, error: result.error },
		(_key, value: unknown) => {
			if (typeof value !== 'object' || value === null) return value;
			if (seen.has(value)) return '[seen]';
			seen.add(value);
			if (!(value instanceof Error)) return value;
			return Object.fromEntries(Object.getOwnPropertyNames(value).map((name) => [name, (value as never)[name]]));
		},
	);
}

describe('URLs', () => {
	it('encodes each path segment, so an id can never change the path', async () => {
		const id = 'a/b?c#d e ü';
		const result = await send(liveStatus(id));
		expect(apiRequests().map((request) => request.path)).toEqual([
			'/workflows/runs/a%2Fb%3Fc%23d%20e%20%C3%BC/live_status',
		]);
		expect(result.error?.message).toBe('Sixtyfour has no run "a/b?c#d e ü"');
	});

	it('tolerates a trailing slash on the Base URL and sends the key as x-api-key', async () => {
		const result = await send(liveStatus(runId), { baseUrl: `${emu.baseUrl}//` });
		expect(result.error).toBeUndefined();
		expect(result.items[0][0].json.body).toMatchObject({ run_id: runId, overall_status: 'queued' });
		expect(apiRequests()[0].path).toBe(`/workflows/runs/${runId}/live_status`);
		expect(apiRequests()[0].headers['x-api-key']).toBe(emu.apiKey);
	});
});

describe('retries', () => {
	it('honours Retry-After given in seconds', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, retryAfter: '1', times: 1 });
		const started = Date.now();
		const result = await send({ ...liveStatus(runId), retry: { ...fastRetries, maxDelayMs: 5000 } });
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(apiRequests().map((request) => request.status)).toEqual([429, 200]);
		expect(retryLogs(result.logs)).toEqual([
			`Sixtyfour GET /workflows/runs/${runId}/live_status answered 429; try 1 of 4, next in 1000 ms`,
		]);
	});

	// Dates in the past and far ahead give exact waits whatever the machine's speed (the arithmetic
	// in between is unit-tested with a fixed now); an unread date would give a jittered backoff.
	it.each([
		['in the past: at once', -60_000, 0],
		['an hour ahead: the longest single wait', 3_600_000, fastRetries.maxDelayMs],
	])('honours Retry-After given as an HTTP date %s', async (_case, fromNowMs, expectedDelayMs) => {
		const date = new Date(Date.now() + fromNowMs).toUTCString();
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, retryAfter: date, times: 1 });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeUndefined();
		expect(retryLogs(result.logs)).toEqual([
			`Sixtyfour GET /workflows/runs/${runId}/live_status answered 429; try 1 of 4, next in ${expectedDelayMs} ms`,
		]);
	});

	it('caps a long Retry-After at the longest single wait', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, retryAfter: '3600', times: 1 });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeUndefined();
		expect(retryLogs(result.logs)[0]).toMatch(/next in 100 ms$/);
	});

	it('backs off exponentially with jitter when there is no Retry-After, and gives up after the last try', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, times: Infinity });
		const result = await send(liveStatus(runId));
		const delays = retryLogs(result.logs).map((message) => Number(/next in (\d+) ms/.exec(message)?.[1]));
		expect(delays).toHaveLength(3);
		[10, 20, 40].forEach((ceiling, index) => {
			expect(delays[index]).toBeGreaterThanOrEqual(ceiling / 2);
			expect(delays[index]).toBeLessThanOrEqual(ceiling);
		});
		expect(apiRequests()).toHaveLength(4);
		expect(result.error?.message).toBe('Rate limited by Sixtyfour after 4 tries over 0 s');
		expect((result.error as Error & { httpCode?: string }).httpCode).toBe('429');
		expect((result.error as Error & { description?: string }).description).toMatch(/500 to 1,000 requests a minute/);
	});

	it('stops early when the next wait would pass the total bound', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, retryAfter: '1', times: Infinity });
		const result = await send({ ...liveStatus(runId), retry: { ...fastRetries, maxDelayMs: 5000, maxTotalWaitMs: 500 } });
		expect(apiRequests()).toHaveLength(1);
		expect(result.error?.message).toBe('Rate limited by Sixtyfour');
	});

	it.each([500, 502, 503, 504])('retries a burst of %i', async (status) => {
		emu.faults.add({ route: 'live_status', type: 'status', status, times: 2 });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeUndefined();
		expect(apiRequests().map((request) => request.status)).toEqual([status, status, 200]);
	});

	it('reports a server error that outlasts the tries, with its count', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 503, times: Infinity });
		const result = await send(liveStatus(runId));
		expect(result.error?.message).toMatch(/^Sixtyfour had a server error \(503\) after 4 tries over 0 s/);
		expect((result.error as Error & { description?: string }).description).toMatch(/Try again later/);
	});

	it('retries a connection reset', async () => {
		emu.faults.add({ route: 'live_status', type: 'reset', times: 1 });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeUndefined();
		expect(retryLogs(result.logs)[0]).toMatch(/failed to connect; try 1 of 4/);
	});

	it('reports a connection that never comes, with what to check', async () => {
		const result = await send(liveStatus(runId), { baseUrl: 'http://127.0.0.1:9' });
		expect(result.error?.message).toBe('Could not reach Sixtyfour after 4 tries over 0 s');
		expect((result.error as Error & { description?: string }).description).toMatch(
			/^The connection failed \(ECONNREFUSED\)\. Check the Base URL/,
		);
	});

	it('retries a malformed JSON answer and names it when it persists', async () => {
		emu.faults.add({ route: 'live_status', type: 'malformedJson', times: 1 });
		expect((await send(liveStatus(runId))).error).toBeUndefined();
		emu.faults.add({ route: 'live_status', type: 'malformedJson', times: Infinity });
		const result = await send(liveStatus(runId));
		expect(result.error?.message).toBe(
			`Sixtyfour answered GET /workflows/runs/${runId}/live_status with a body that is not valid JSON`,
		);
	});

	it('stops waiting when the execution is cancelled', async () => {
		// An hour's wait: only the cancellation can end this test before its timeout.
		emu.faults.add({ route: 'live_status', type: 'status', status: 429, retryAfter: '3600', times: Infinity });
		const controller = new AbortController();
		const hour = 3_600_000;
		const sending = send({ ...liveStatus(runId), retry: { ...fastRetries, maxDelayMs: hour, maxTotalWaitMs: hour } }, {
			signal: controller.signal,
		});
		while (apiRequests().length === 0) await sleep(10);
		controller.abort();
		await sending;
		expect(apiRequests()).toHaveLength(1);
	});
});

describe('starting runs is never billed twice', () => {
	const start = (idempotencyKey?: string): SixtyfourRequest => ({
		method: 'POST',
		path: ['workflows', 'run'],
		qs: { workflow_id: 'wf_company' },
		body: { webhook_payload: [{ company_name: 'Once Inc' }] },
		idempotencyKey,
		retry: fastRetries,
	});

	it('retries a start that carries an Idempotency-Key, with the same key, and one run results', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 503, times: 2 });
		const result = await send(start('key-once-1'));
		expect(result.error).toBeUndefined();
		const starts = apiRequests().filter((request) => request.path === '/workflows/run');
		expect(starts.map((request) => [request.status, request.headers['idempotency-key']])).toEqual([
			[503, 'key-once-1'],
			[503, 'key-once-1'],
			[200, 'key-once-1'],
		]);
		const again = await send(start('key-once-1'));
		expect(again.items[0][0].json.body).toMatchObject({
			job_id: (result.items[0][0].json.body as { job_id: string }).job_id,
			already_started: true,
		});
	});

	it('a key HTTP cannot carry is a local error: not retried, not "Could not reach", nothing sent', async () => {
		const result = await send(start('clé-☃'));
		expect(apiRequests()).toHaveLength(0);
		expect(result.error).toBeInstanceOf(Error);
		expect(result.error?.message).toMatch(/^The request POST \/workflows\/run could not be sent: .*Idempotency-Key/);
		expect(result.error?.message).not.toMatch(/reach/i);
	});

	it('does not retry a start without an Idempotency-Key', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 503, times: 1 });
		const result = await send(start());
		expect(apiRequests()).toHaveLength(1);
		expect(result.error?.message).toBe('Sixtyfour had a server error (503): Service temporarily unavailable');
	});
});

describe('failures say what went wrong and what to do', () => {
	const describeError = (error?: Error) => ({
		message: error?.message,
		description: (error as Error & { description?: string })?.description,
		httpCode: (error as Error & { httpCode?: string })?.httpCode,
	});

	it('401: check the key, and the key is nowhere to be seen', async () => {
		const refusedKey = ['sk', 'refused', 'by', 'the', 'emulator'].join('_');
		const result = await send(liveStatus(runId), { apiKey: refusedKey });
		expect(describeError(result.error)).toEqual({
			message: 'Sixtyfour did not accept the API key',
			description:
				'Check the API key in the Sixtyfour credential: copy it again from the Sixtyfour app (Settings → API Keys).',
			httpCode: '401',
		});
		expect(apiRequests()).toHaveLength(1);
		expect(visible(result)).not.toContain(refusedKey);
	});

	it('402: out of credits', async () => {
		emu.setCredits(0);
		try {
			const result = await send({
				method: 'POST',
				path: ['workflows', 'run'],
				qs: { workflow_id: 'wf_lead' },
				body: { webhook_payload: [{ company_name: 'Broke' }] },
				idempotencyKey: 'key-402',
			});
			expect(describeError(result.error)).toMatchObject({
				message: expect.stringMatching(/^Your Sixtyfour account is out of credits/),
				description: 'Add credits in the Sixtyfour app, then run this step again. No run was started.',
				httpCode: '402',
			});
			expect(apiRequests()).toHaveLength(1);
		} finally {
			emu.setCredits(Infinity);
		}
	});

	it('404 names the workflow', async () => {
		const result = await send({
			method: 'GET',
			path: ['workflows', 'runs'],
			qs: { workflow_id: 'wf_missing' },
			subject: { workflowId: 'wf_missing' },
		});
		expect(describeError(result.error)).toMatchObject({
			message: 'Sixtyfour has no workflow "wf_missing"',
			httpCode: '404',
		});
	});

	it('422 names the fields', async () => {
		const result = await send({ method: 'GET', path: ['workflows', 'runs'], qs: { limit: 501 } });
		expect(describeError(result.error)).toMatchObject({
			message: expect.stringMatching(/^Sixtyfour rejected these fields: limit: /),
			description: 'Correct the named fields in the node parameters and run again.',
			httpCode: '422',
		});
	});

	it('400 explains which workflows the API can start', async () => {
		const result = await send({
			method: 'POST',
			path: ['workflows', 'run'],
			qs: { workflow_id: 'wf_csv' },
			body: { webhook_payload: [{ a: 1 }] },
			idempotencyKey: 'key-400',
		});
		expect(describeError(result.error)).toMatchObject({
			message:
				'Sixtyfour refused the request: Workflows starting with read_csv cannot be triggered via API. Use workflows that start with a webhook block.',
			httpCode: '400',
		});
	});

	it('409: an Idempotency-Key reused for another workflow', async () => {
		await send({ method: 'POST', path: ['workflows', 'run'], qs: { workflow_id: 'wf_lead' }, body: {}, idempotencyKey: 'key-409' });
		const result = await send({
			method: 'POST',
			path: ['workflows', 'run'],
			qs: { workflow_id: 'wf_company' },
			body: {},
			idempotencyKey: 'key-409',
		});
		expect(describeError(result.error)).toMatchObject({
			message: expect.stringMatching(/^Sixtyfour reported a conflict/),
			description: 'The Idempotency-Key was already used for a different request. Use a new key for a new run.',
			httpCode: '409',
		});
	});
});

describe('the API key appears in no item, error or log line', () => {
	/** The key went out with every request, so its absence from the output is not for want of it. */
	const expectSentAndHidden = (result: Awaited<ReturnType<typeof send>>) => {
		expect(apiRequests().map((request) => request.headers['x-api-key'])).toEqual(apiRequests().map(() => apiKey));
		expect(visible(result)).not.toContain(apiKey);
	};

	it.each([
		['429 after the tries', { type: 'status', status: 429 }],
		['500 after the tries', { type: 'status', status: 500 }],
		['502 after the tries', { type: 'status', status: 502 }],
		['503 after the tries', { type: 'status', status: 503 }],
		['504 after the tries', { type: 'status', status: 504 }],
		['a connection reset after the tries', { type: 'reset' }],
		['malformed JSON after the tries', { type: 'malformedJson' }],
	] as const)('%s', async (_case, fault) => {
		emu.faults.add({ route: 'live_status', times: Infinity, ...fault });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeDefined();
		expect(retryLogs(result.logs)).toHaveLength(fastRetries.maxAttempts - 1);
		expect(apiRequests()).toHaveLength(fastRetries.maxAttempts);
		expectSentAndHidden(result);
	});

	it.each([400, 401, 402, 403, 404, 405, 409, 410, 413, 422])('%i', async (status) => {
		emu.faults.add({ route: 'live_status', type: 'status', status, times: 1 });
		const result = await send(liveStatus(runId));
		expect((result.error as Error & { httpCode?: string }).httpCode).toBe(String(status));
		expect(apiRequests()).toHaveLength(1);
		expectSentAndHidden(result);
	});

	it('a start refused with 503 after the tries (a POST with a body and an Idempotency-Key)', async () => {
		emu.faults.add({ route: 'run', type: 'status', status: 503, times: Infinity });
		const result = await send({
			method: 'POST',
			path: ['workflows', 'run'],
			qs: { workflow_id: 'wf_lead' },
			body: { webhook_payload: [{ company_name: 'Keyless Ltd' }] },
			idempotencyKey: 'key-hidden-1',
			retry: fastRetries,
		});
		expect(result.error?.message).toMatch(/^Sixtyfour had a server error \(503\) after 4 tries/);
		expectSentAndHidden(result);
	});

	it('a connection refused after the tries', async () => {
		const result = await send(liveStatus(runId), { baseUrl: 'http://127.0.0.1:9' });
		expect(result.error?.message).toBe('Could not reach Sixtyfour after 4 tries over 0 s');
		expect(retryLogs(result.logs)).toHaveLength(fastRetries.maxAttempts - 1);
		expect(visible(result)).not.toContain(apiKey);
	});

	it('a success after a retry', async () => {
		emu.faults.add({ route: 'live_status', type: 'status', status: 503, times: 1 });
		const result = await send(liveStatus(runId));
		expect(result.error).toBeUndefined();
		expect(retryLogs(result.logs)).toHaveLength(1);
		expectSentAndHidden(result);
	});
});

describe('credential test', () => {
	it('passes with the right key and explains a wrong one', async () => {
		const credentialType = new SixtyfourApi();
		expect(await testCredential({ credentialType, data: { apiKey: emu.apiKey, baseUrl: `${emu.baseUrl}/` } })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const wrong = await testCredential({ credentialType, data: { apiKey: 'nope', baseUrl: emu.baseUrl } });
		expect(wrong).toEqual({
			status: 'Error',
			message: 'The API key was refused. Copy it again from the Sixtyfour app (Settings → API Keys).',
		});
		// n8n's client asks once more after a 401 (to re-authenticate); every check is the same cheap read.
		const checks = apiRequests().map((request) => `${request.method} ${request.path} ${JSON.stringify(request.query)}`);
		expect(new Set(checks)).toEqual(new Set(['GET /workflows/runs {"limit":"1"}']));
	});
});
