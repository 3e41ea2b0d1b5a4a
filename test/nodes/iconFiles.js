// @ts-check
'use strict';
// Reads the package's icon files for icons.test.ts (n8n's lint keeps fs out of .ts files).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..', '..');

/**
 * @param {string} folder below the repository root
 * @returns {{ light: string, dark: string }}
 */
function iconFiles(folder) {
	return {
		light: readFileSync(join(ROOT, folder, 'sixtyfour.svg'), 'utf8'),
		dark: readFileSync(join(ROOT, folder, 'sixtyfour.dark.svg'), 'utf8'),
	};
}

module.exports = { iconFiles };
