// @ts-check
'use strict';

const { execFile } = require('child_process');

/**
 * Runs a bench script in a fresh Node process and returns the JSON it prints on its last line.
 * Asynchronous, so an emulator in this process keeps serving the child.
 * @param {string} script
 * @param {string[]} args
 * @param {{ nodeOptions?: string[], env?: Record<string, string> }} [options]
 * @returns {Promise<any>}
 */
function runChild(script, args, options = {}) {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[...(options.nodeOptions ?? []), script, ...args],
			{ encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...options.env } },
			(error, stdout, stderr) => {
				if (error) {
					reject(new Error(`${script} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
					return;
				}
				const lines = stdout.trim().split('\n');
				try {
					resolve(JSON.parse(lines[lines.length - 1]));
				} catch {
					reject(new Error(`${script} printed no JSON result:\n${stdout}\n${stderr}`));
				}
			},
		);
	});
}

module.exports = { runChild };
