// @ts-check
'use strict';

// Peak resident memory of one phase of this process. Linux keeps a high-water mark of the resident
// set (VmHWM) that writing 5 to /proc/self/clear_refs resets, so a phase's peak is exact even while
// synchronous code (a parser) runs, where sampling on a timer would see nothing.
const fs = require('fs');

/** @param {string} field VmRSS or VmHWM */
function statusBytes(field) {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
	if (!match) throw new Error(`/proc/self/status has no ${field}`);
	return Number(match[1]) * 1024;
}

/**
 * Starts a phase: collects garbage (needs --expose-gc), resets the high-water mark and returns a
 * function that gives the phase's peak RSS above where it started.
 * @returns {() => { startBytes: number, peakBytes: number, growthBytes: number }}
 */
function startPhase() {
	const gc = /** @type {(() => void) | undefined} */ (global.gc);
	if (!gc) throw new Error('run with --expose-gc');
	gc();
	fs.writeFileSync('/proc/self/clear_refs', '5');
	const startBytes = statusBytes('VmRSS');
	return () => {
		const peakBytes = statusBytes('VmHWM');
		return { startBytes, peakBytes, growthBytes: peakBytes - startBytes };
	};
}

module.exports = { startPhase };
