// @ts-check
'use strict';

const WINDOW_MS = 60_000;

/**
 * A per-key limit on API requests a minute, as Sixtyfour states one (500 to 1,000 a minute per key):
 * a sliding minute of the emulated clock. Requests past the limit are refused (429 with Retry-After,
 * the seconds until the oldest request in the window leaves it) and do not count.
 * @param {() => number} now emulated ms
 * @param {number | null} [perMinute] null (the default): no limit
 */
function createRateLimit(now, perMinute = null) {
	let limit = perMinute;
	/** @type {Map<string, number[]>} times of the requests let through in the last minute, per key */
	const recent = new Map();
	/** @type {Map<string, { accepted: number, refused: number }>} */
	const counts = new Map();

	/** @param {string} key */
	function countsOf(key) {
		let entry = counts.get(key);
		if (!entry) {
			entry = { accepted: 0, refused: 0 };
			counts.set(key, entry);
		}
		return entry;
	}

	return {
		/**
		 * Lets a request with `key` through (null), or says how many seconds to wait.
		 * @param {string} key
		 * @returns {{ retryAfterSeconds: number } | null}
		 */
		take(key) {
			const tally = countsOf(key);
			if (limit === null) {
				tally.accepted++;
				return null;
			}
			const at = now();
			const times = (recent.get(key) ?? []).filter((time) => time > at - WINDOW_MS);
			recent.set(key, times);
			if (times.length >= limit) {
				tally.refused++;
				return { retryAfterSeconds: Math.max(1, Math.ceil((times[0] + WINDOW_MS - at) / 1000)) };
			}
			times.push(at);
			tally.accepted++;
			return null;
		},
		/** @param {number | null} perMinute */
		set(perMinute) {
			if (perMinute !== null && !(Number.isInteger(perMinute) && perMinute > 0)) {
				throw new RangeError(`rateLimitPerMinute must be a positive integer or null, got ${perMinute}`);
			}
			limit = perMinute;
			recent.clear();
		},
		get perMinute() {
			return limit;
		},
		/** Requests let through and refused per key since the start (or the last reset). */
		counts: () => new Map([...counts].map(([key, tally]) => [key, { ...tally }])),
		resetCounts: () => counts.clear(),
	};
}

/** @typedef {ReturnType<typeof createRateLimit>} RateLimit */

module.exports = { createRateLimit };
