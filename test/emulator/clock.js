// @ts-check
'use strict';

/**
 * @typedef {{ mode?: 'manual' } | { mode: 'real', speed?: number }} ClockOptions
 * @typedef {{ mode: 'manual' | 'real', speed: number, now(): number, advance(ms: number): number }} Clock
 */

/**
 * The emulated clock every run is computed from. Manual time only moves when a test advances it;
 * real time runs `speed` times faster than the wall clock, from the same emulated start.
 * @param {ClockOptions | undefined} options
 * @param {number} startMs emulated epoch, ms since 1970
 * @returns {Clock}
 */
function createClock(options, startMs) {
	const mode = options?.mode ?? 'manual';
	if (mode === 'manual') {
		let offset = 0;
		return {
			mode,
			speed: 0,
			now: () => startMs + offset,
			advance(ms) {
				if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
				offset += ms;
				return startMs + offset;
			},
		};
	}
	if (mode !== 'real') throw new RangeError(`Unknown clock mode "${mode}" (use "manual" or "real")`);
	const speed = /** @type {{ speed?: number }} */ (options).speed ?? 1;
	if (!(speed > 0)) throw new RangeError(`Clock speed must be > 0, got ${speed}`);
	const wallStart = Date.now();
	return {
		mode,
		speed,
		now: () => startMs + Math.floor((Date.now() - wallStart) * speed),
		advance() {
			throw new Error('advance() is only available with a manual clock');
		},
	};
}

/**
 * ISO-8601 UTC with 'Z', like Python's isoformat: fractional seconds only when there are any.
 * @param {number | null} ms
 * @returns {string | null}
 */
function isoTime(ms) {
	if (ms === null) return null;
	const iso = new Date(ms).toISOString();
	return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

module.exports = { createClock, isoTime };
