// @ts-check
'use strict';

/** Memory held by JavaScript objects and buffers, for tests that must not touch `process` themselves. */
function heapUsedBytes() {
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.external;
}

module.exports = { heapUsedBytes };
