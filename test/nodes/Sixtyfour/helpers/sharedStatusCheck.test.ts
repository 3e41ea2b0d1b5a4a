import type { LiveStatus, RunSummary } from '../../../../nodes/shared/helpers/apiTypes';
import {
	SharedStatusCheck,
	sharedCheckKey,
	untilSharedCheck,
	type StatusRequests,
} from '../../../../nodes/Sixtyfour/helpers/sharedStatusCheck';

const row = (jobId: string, status: RunSummary['status']): RunSummary =>
	({ job_id: jobId, workflow_id: 'wf', status, blocks_count: 3, started_at: null, completed_at: null, updated_at: null, error_message: null, status_reason: null }) as RunSummary;
const live = (runId: string, progress: number): LiveStatus =>
	({ run_id: runId, workflow_id: 'wf', overall_status: 'running', overall_progress_percentage: progress, blocks: [] }) as unknown as LiveStatus;

/** Requests that answer from `rows` and log what was asked. */
function requestsOver(rows: () => RunSummary[], asked: string[]): StatusRequests {
	return {
		listRuns: async () => {
			asked.push('list');
			return rows();
		},
		liveStatus: async (runId) => {
			asked.push(`live ${runId}`);
			return live(runId, 40);
		},
	};
}

describe('sharedCheckKey', () => {
	it('tells credentials apart by Base URL and key, and holds no key', () => {
		const key = sharedCheckKey('https://api.sixtyfour.ai', 'sk_live_secret');
		expect(key).toBe(sharedCheckKey('https://api.sixtyfour.ai', 'sk_live_secret'));
		expect(key).not.toBe(sharedCheckKey('https://api.sixtyfour.ai', 'sk_live_other'));
		expect(key).not.toBe(sharedCheckKey('https://staging.sixtyfour.ai', 'sk_live_secret'));
		expect(key).not.toContain('sk_live_secret');
	});
});

describe('untilSharedCheck', () => {
	it('lands every wait on the same 9 s beat, at least 4.5 s on', () => {
		expect([0, 1000, 4500, 4501, 9000, 13_499, 13_500].map((atMs) => atMs + untilSharedCheck(atMs))).toEqual([9000, 9000, 9000, 18_000, 18_000, 18_000, 18_000]);
	});
});

describe('SharedStatusCheck', () => {
	let now = 0;
	const timing = (newerThanMs = -Infinity) => ({ now: () => now, reuseWithinMs: 2000, newerThanMs });

	it('a lone wait asks its live status; several share one list check within the reuse window', async () => {
		const asked: string[] = [];
		const check = new SharedStatusCheck();
		const requests = requestsOver(() => [row('a', 'running'), row('b', 'queued')], asked);
		check.join('a');
		expect((await check.check('a', requests, timing())).status.overall_progress_percentage).toBe(40);
		check.join('b');
		now = 10_000;
		const a = await check.check('a', requests, timing(0));
		now = 11_000;
		const b = await check.check('b', requests, timing());
		// No live status for a: b has gone longer without one (queued, so it needs none yet). b reused the list.
		expect(asked).toEqual(['live a', 'list']);
		expect(a.atMs).toBe(10_000);
		expect(b).toEqual({ status: expect.objectContaining({ run_id: 'b', overall_status: 'queued', overall_progress_percentage: null }), atMs: 10_000, delayMs: 8000 });
		now = 13_000;
		await check.check('b', requests, timing(10_000));
		expect(asked).toEqual(['live a', 'list', 'list']);
		// b running now, and the one longest without progress: its turn for a live status.
		now = 20_000;
		const running = requestsOver(() => [row('a', 'running'), row('b', 'running')], asked);
		expect((await check.check('b', running, timing(13_000))).status.overall_progress_percentage).toBe(40);
		now = 21_000;
		expect((await check.check('a', running, timing())).status.overall_progress_percentage).toBeNull();
		expect(asked).toEqual(['live a', 'list', 'list', 'list', 'live b']);
	});

	it('remembers runs a check saw finished, and asks about a run the list does not show on its own', async () => {
		const asked: string[] = [];
		const check = new SharedStatusCheck();
		const requests = requestsOver(() => [row('b', 'completed')], asked);
		check.join('a');
		check.join('b');
		now = 50_000;
		await check.check('a', requests, timing());
		now = 90_000;
		const b = await check.check('b', requests, timing());
		expect(asked).toEqual(['list', 'live a']);
		expect(b).toEqual({ status: expect.objectContaining({ overall_status: 'completed', overall_progress_percentage: 100 }), atMs: 50_000 });
		check.leave('b');
		check.leave('a');
		expect(check.size).toBe(0);
	});

	it('a row without a status, or with one the reference does not document, tells nothing: the run\'s own live status is asked', async () => {
		const asked: string[] = [];
		const check = new SharedStatusCheck();
		const requests = requestsOver(() => [row('a', null), row('b', 'paused')], asked);
		check.join('a');
		check.join('b');
		now = 200_000;
		const a = await check.check('a', requests, timing());
		const b = await check.check('b', requests, timing());
		expect(asked).toEqual(['list', 'live a', 'live b']);
		expect([a.status.overall_status, b.status.overall_status]).toEqual(['running', 'running']);
		check.leave('a');
		check.leave('b');
	});

	it('a failed check made by one wait fails only that wait: the next asks again through its own requests', async () => {
		const check = new SharedStatusCheck();
		check.join('a');
		check.join('b');
		now = 100_000;
		const failing: StatusRequests = { listRuns: async () => await Promise.reject(new Error('stopped')), liveStatus: async (id) => live(id, 1) };
		const asked: string[] = [];
		const first = check.check('a', failing, timing());
		const second = check.check('b', requestsOver(() => [row('b', 'completed')], asked), timing());
		await expect(first).rejects.toThrow('stopped');
		expect((await second).status.overall_status).toBe('completed');
		expect(asked).toEqual(['list']);
	});
});
