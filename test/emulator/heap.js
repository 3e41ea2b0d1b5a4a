// @ts-check
'use strict';

/** Heap in use, for tests that must not touch `process` themselves. */
function heapUsedBytes() {
	return process.memoryUsage().heapUsed;
}

module.exports = { heapUsedBytes };
