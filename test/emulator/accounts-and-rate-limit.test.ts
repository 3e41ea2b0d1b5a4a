import { startEmulator } from './index';
import type { Emulator } from './index';
import { call, startLeadRun, testCatalogue, LEAD_RECORDS } from './test-support';

let emu: Emulator;

beforeEach(async () => {
	emu = await startEmulator({ catalogue: testCatalogue() });
});

afterEach(async () => {
	await emu.close();
});

describe('per-key rate limit', () => {
	it('is off by default', async () => {
		for (let i = 0; i < 50; i++) expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
		expect(emu.requestCounts().get(emu.apiKey)).toEqual({ accepted: 50, refused: 0 });
	});

	it('refuses past N requests in a sliding minute with 429 and Retry-After, counting only what it let through', async () => {
		emu.setRateLimit(3);
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(emu, 'GET', '/workflows/runs')).status);
		emu.clock.advance(20_000);
		const refused = await call(emu, 'GET', '/workflows/runs');
		expect(statuses).toEqual([200, 200, 200]);
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('40');
		expect(refused.json).toEqual({ error: 'rate_limited', message: 'Rate limit exceeded: 3 requests a minute per API key. Retry after 40 s.' });
		emu.clock.advance(39_000);
		expect((await call(emu, 'GET', '/workflows/runs')).headers.get('retry-after')).toBe('1');
		emu.clock.advance(1_000);
		expect((await call(emu, 'GET', '/workflows/runs')).status).toBe(200);
		expect(emu.requestCounts().get(emu.apiKey)).toEqual({ accepted: 4, refused: 2 });
	});

	it('counts every route, and each key on its own; a wrong key is answered 401 before the limit', async () => {
		emu.setRateLimit(2);
		emu.addApiKey('sk_second');
		const runId = await startLeadRun(emu);
		expect((await call(emu, 'GET', `/workflows/runs/${runId}/live_status`)).status).toBe(200);
		expect((await call(emu, 'POST', `/workflows/cancel?job_id=${runId}`)).status).toBe(429);
		expect((await call(emu, 'GET', '/workflows/runs', { apiKey: 'sk_second' })).status).toBe(200);
		expect((await call(emu, 'GET', '/workflows/runs', { apiKey: 'sk_wrong' })).status).toBe(401);
		expect(Object.fromEntries(emu.requestCounts())).toEqual({
			[emu.apiKey]: { accepted: 2, refused: 1 },
			sk_second: { accepted: 1, refused: 0 },
		});
	});

	it('can be set at the start and lifted', async () => {
		const limited = await startEmulator({ catalogue: testCatalogue(), rateLimitPerMinute: 1 });
		try {
			expect((await call(limited, 'GET', '/workflows/runs')).status).toBe(200);
			expect((await call(limited, 'GET', '/workflows/runs')).status).toBe(429);
			limited.setRateLimit(null);
			expect((await call(limited, 'GET', '/workflows/runs')).status).toBe(200);
		} finally {
			await limited.close();
		}
		expect(() => emu.setRateLimit(0)).toThrow(RangeError);
	});
});

describe('accounts (API keys added with emu.addApiKey)', () => {
	it('see only their own runs; another account’s run is not found', async () => {
		emu.addApiKey('sk_second');
		const mainRun = await startLeadRun(emu);
		const started = await call(emu, 'POST', '/workflows/run?workflow_id=wf_lead', { apiKey: 'sk_second', body: { webhook_payload: LEAD_RECORDS } });
		const secondRun: string = started.json.job_id;
		const seeded = emu.startRun('wf_lead', { webhook_payload: LEAD_RECORDS }, { account: 'sk_second' }).job_id;

		const ids = async (apiKey: string) => ((await call(emu, 'GET', '/workflows/runs', { apiKey })).json as Array<{ job_id: string }>).map((run) => run.job_id);
		expect(await ids(emu.apiKey)).toEqual([mainRun]);
		expect(await ids('sk_second')).toEqual([seeded, secondRun]);

		const notFound = (runId: string) => ({ error: 'not_found', message: `Workflow run '${runId}' not found` });
		for (const path of [`/workflows/runs/${mainRun}/live_status`, `/workflows/runs/${mainRun}/results/download-links`]) {
			const answer = await call(emu, 'GET', path, { apiKey: 'sk_second' });
			expect([answer.status, answer.json]).toEqual([404, notFound(mainRun)]);
		}
		const cancel = await call(emu, 'POST', `/workflows/cancel?job_id=${secondRun}`);
		expect([cancel.status, cancel.json]).toEqual([404, notFound(secondRun)]);
		expect((await call(emu, 'GET', `/workflows/runs/${secondRun}/live_status`, { apiKey: 'sk_second' })).status).toBe(200);
	});
});
