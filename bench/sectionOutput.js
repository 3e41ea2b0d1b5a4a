// @ts-check
'use strict';

/**
 * Runs a bench section when its file is started directly, printing its result as one JSON line
 * (what bench/run.mjs and childProcess.runChild read).
 * @param {NodeJS.Module} module
 * @param {() => Promise<unknown>} section
 */
function runSectionWhenMain(module, section) {
	if (require.main !== module) return;
	section().then(
		// n8n-core leaves handles open (HTTP agents): exit once the result is out.
		(result) => process.stdout.write(`\n${JSON.stringify(result)}\n`, () => process.exit(0)),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

module.exports = { runSectionWhenMain };
