import {
	backoffDelay,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	nextRetryDelay,
	parseRetryAfter,
	type RetryPolicy,
} from '../../../../nodes/shared/helpers/retryPolicy';

const policy: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 10_000, baseDelayMs: 1000, maxDelayMs: 5000 };

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-02-12T09:00:00Z');

	it('reads delta-seconds, whole and fractional', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
		expect(parseRetryAfter('0', now)).toBe(0);
	});

	it('reads an HTTP date as the time left until it, never negative', () => {
		expect(parseRetryAfter('Thu, 12 Feb 2026 09:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Thu, 12 Feb 2026 08:59:00 GMT', now)).toBe(0);
	});

	it('ignores what is absent or unreadable', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter('-3', now)).toBeUndefined();
		expect(parseRetryAfter(['3'], now)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('doubles per attempt with jitter in the upper half, capped', () => {
		expect(backoffDelay(1, policy, () => 0)).toBe(500);
		expect(backoffDelay(1, policy, () => 1)).toBe(1000);
		expect(backoffDelay(2, policy, () => 1)).toBe(2000);
		expect(backoffDelay(3, policy, () => 0)).toBe(2000);
		expect(backoffDelay(10, policy, () => 1)).toBe(5000);
	});
});

describe('nextRetryDelay', () => {
	it('stops after the last attempt', () => {
		expect(nextRetryDelay(4, 0, undefined, policy, () => 0)).toBeUndefined();
		expect(nextRetryDelay(3, 0, undefined, policy, () => 0)).toBe(2000);
	});

	it("prefers the server's Retry-After, capped at the longest single wait", () => {
		expect(nextRetryDelay(1, 0, 1200, policy)).toBe(1200);
		expect(nextRetryDelay(1, 0, 60_000, policy)).toBe(5000);
	});

	it('stops when the wait would pass the total bound', () => {
		expect(nextRetryDelay(2, 9000, 2000, policy)).toBeUndefined();
		expect(nextRetryDelay(2, 8000, 2000, policy)).toBe(2000);
	});

	it('retries only statuses that can pass', () => {
		expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 402, 403, 404, 409, 422, 501].some(isRetryableStatus)).toBe(false);
	});

	it('has bounded defaults', () => {
		expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
		expect(DEFAULT_RETRY_POLICY.maxTotalWaitMs).toBeLessThanOrEqual(120_000);
	});
});
