// @ts-check
'use strict';

const { spawn } = require('child_process');
const path = require('path');

/**
 * Runs `cli.js` with `args` and resolves once it has printed its machine-readable line.
 * @param {string[]} args
 * @returns {Promise<{ info: { baseUrl: string, storageUrl: string, apiKey: string }, output: () => string, stop: () => Promise<number | null> }>}
 */
function spawnCli(args) {
	const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`cli.js exited with ${code}: ${output}`)));
		const collect = (/** @type {Buffer} */ chunk) => {
			output += chunk.toString();
			const line = /^SIXTYFOUR_EMULATOR (.+)$/m.exec(output);
			if (line) {
				resolve({
					info: JSON.parse(line[1]),
					output: () => output,
					stop: () => {
						child.kill('SIGTERM');
						return /** @type {Promise<number | null>} */ (exited);
					},
				});
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
	});
}

module.exports = { spawnCli };
