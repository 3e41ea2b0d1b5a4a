// @ts-check
'use strict';

// The TypeScript the benchmarks drive (nodes, credentials, test harness), compiled by `npm run bench`
// into bench/out/build with bench/tsconfig.json.
const path = require('path');

const BUILD_DIR = path.join(__dirname, 'out', 'build');

/**
 * A compiled module by its source path relative to the repository root, without extension.
 * @param {string} sourcePath e.g. 'nodes/Sixtyfour/helpers/waitForRun'
 * @returns {any}
 */
function requireCompiled(sourcePath) {
	return require(path.join(BUILD_DIR, `${sourcePath}.js`));
}

module.exports = { BUILD_DIR, requireCompiled };
