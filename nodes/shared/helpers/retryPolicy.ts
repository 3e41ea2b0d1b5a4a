/** How hard the transport tries before it reports a failure. */
export interface RetryPolicy {
	/** Tries in all, the first included. */
	maxAttempts: number;
	/** Upper bound on the time spent waiting between tries, summed. */
	maxTotalWaitMs: number;
	/** First backoff step; each later step doubles it. */
	baseDelayMs: number;
	/** Longest single wait, also the cap on a server's Retry-After. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 5,
	maxTotalWaitMs: 60_000,
	baseDelayMs: 500,
	maxDelayMs: 20_000,
};

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
	return RETRYABLE_STATUSES.has(status);
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	// An HTTP date always names the day and month; this keeps Date.parse from reading "-3" as a year.
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter, so that many clients rate-limited together do not retry in step. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The wait before the next try, or undefined when the policy says stop: out of tries, or the wait would
 * push the total past its bound. A server's Retry-After wins over backoff, capped at maxDelayMs.
 */
export function nextRetryDelay(
	attempt: number,
	waitedMs: number,
	retryAfterMs: number | undefined,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (attempt >= policy.maxAttempts) return undefined;
	const delay =
		retryAfterMs !== undefined
			? Math.min(retryAfterMs, policy.maxDelayMs)
			: backoffDelay(attempt, policy, random);
	if (waitedMs + delay > policy.maxTotalWaitMs) return undefined;
	return delay;
}
