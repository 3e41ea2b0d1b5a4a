// @ts-check
'use strict';
// Lists the test files under test/nodes and tells which source files exist, for layout.test.ts
// (n8n's lint keeps fs out of .ts files).
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/**
 * @param {string} [folder] below test/nodes
 * @returns {string[]} every *.test.ts below test/nodes, as a path below it with / separators
 */
function testFiles(folder = '') {
	return readdirSync(join(__dirname, folder), { withFileTypes: true }).flatMap((entry) => {
		const path = folder ? `${folder}/${entry.name}` : entry.name;
		if (entry.isDirectory()) return testFiles(path);
		return entry.name.endsWith('.test.ts') ? [path] : [];
	});
}

/**
 * @param {string} path below the repository root, with / separators
 * @returns {boolean}
 */
function sourceExists(path) {
	return existsSync(join(ROOT, ...path.split('/')));
}

module.exports = { sourceExists, testFiles };
