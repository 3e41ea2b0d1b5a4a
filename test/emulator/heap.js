// @ts-check
'use strict';

const v8 = require('v8');
const vm = require('vm');

// A full collection on demand, so that what is measured is memory still held, not garbage that no
// collection has run for yet (which varies with the machine's load and made the figure flaky).
v8.setFlagsFromString('--expose-gc');
const collectGarbage = /** @type {() => void} */ (vm.runInNewContext('gc'));

/** Memory still held by JavaScript objects and buffers after a full collection, for tests that must not touch `process` themselves. */
function retainedHeapBytes() {
	collectGarbage();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.external;
}

module.exports = { retainedHeapBytes };
