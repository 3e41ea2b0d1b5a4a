// @ts-check
'use strict';

/**
 * A small seeded generator (mulberry32) of fractions in [0, 1), so that a randomised test or
 * benchmark sequence can be replayed from its seed.
 * @param {number} seed
 * @returns {() => number}
 */
function seeded(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = { seeded };
