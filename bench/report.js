// @ts-check
'use strict';

// Turns the sections' results into BENCHMARKS.md: a summary of every target, then each section's
// figures, then what limits each figure.

/** Memory in capped and binary modes counts as flat when 10× the file needs at most this much more. */
const FLAT_MEMORY_TOLERANCE = 1.25;

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en');
const fixed = (/** @type {number} */ n, digits = 2) => n.toFixed(digits);
const seconds = (/** @type {number} */ ms) => `${fixed(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
const duration = (/** @type {number} */ ms) => (ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`);
const verdict = (/** @type {boolean} */ met) => (met ? 'met' : '**missed**');

/** @param {string[]} header @param {Array<Array<string | number>>} rows */
function table(header, rows) {
	return [
		`| ${header.join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${row.join(' | ')} |`),
	].join('\n');
}

/**
 * @typedef {{ machine: string, totalSeconds: number, ingestion?: any[], polling?: any[], trigger?: any, runBuilding?: any }} Results
 */

/** @param {Results} results @returns {Array<Array<string>>} */
function targetRows(results) {
	const rows = [];
	for (const size of results.ingestion ?? []) {
		rows.push([`1. ${int(size.rows)} rows: speed, download included`, `${int(size.node.rowsPerSecond)} rows/s`, `${size.fastestParser} ${int(size.parsers.find((/** @type {any} */ p) => p.kind === size.fastestParser).rowsPerSecond)} rows/s`, `${fixed(size.speedVsFastestParser)}×`, '≥ 1×', verdict(size.speedVsFastestParser >= 1)]);
		rows.push([`1. ${int(size.rows)} rows: peak memory`, `${int(size.node.memoryMB)} MB`, `${size.fastestParser} ${int(size.parsers.find((/** @type {any} */ p) => p.kind === size.fastestParser).memoryMB)} MB`, `${fixed(size.memoryVsFastestParser)}×`, '≤ 1.5×', verdict(size.memoryVsFastestParser <= 1.5)]);
	}
	for (const mode of flatMemory(results.ingestion ?? [])) {
		rows.push([`1. ${mode.label}: memory 1M vs 100k rows`, `${int(mode.large)} MB`, `${int(mode.small)} MB`, `${fixed(mode.ratio)}×`, `≤ ${FLAT_MEMORY_TOLERANCE}× (file 10×)`, verdict(mode.ratio <= FLAT_MEMORY_TOLERANCE)]);
	}
	for (const run of results.polling ?? []) {
		const short = run.durationMs <= 10_000;
		rows.push([`2. ${duration(run.durationMs)} run: live_status calls (${run.runs} runs)`, `${run.node.totalPolls}`, `${run.reference.totalPolls}`, `${fixed(run.callsRatio)}×`, short ? '≤ 1×' : '≤ 0.5×', verdict(run.callsRatio <= (short ? 1 : 0.5))]);
		rows.push([`2. ${duration(run.durationMs)} run: median lag`, seconds(run.node.medianLagMs), seconds(run.reference.medianLagMs), `${fixed(run.node.medianLagMs / run.reference.medianLagMs)}×`, '≤ 1×', verdict(run.node.medianLagMs <= run.reference.medianLagMs)]);
	}
	const trigger = results.trigger;
	if (trigger) {
		rows.push(['3. requests per idle poll', fixed(trigger.after.requestsPerPoll, 0), '—', '—', '1', verdict(trigger.before.requestsPerPoll === 1 && trigger.after.requestsPerPoll === 1)]);
		rows.push([`3. stored state after ${int(trigger.runs)} runs (largest)`, `${trigger.maxStateBytes} B`, '—', '—', '< 16 KB', verdict(trigger.maxStateBytes < 16 * 1024)]);
		rows.push([`3. idle poll time after vs before ${int(trigger.runs)} runs`, `${fixed(trigger.after.medianMs, 1)} ms`, `${fixed(trigger.before.medianMs, 1)} ms`, `${fixed(trigger.pollTimeRatio)}×`, '(no target)', '—']);
	}
	const build = results.runBuilding;
	if (build) {
		rows.push([`4. ${int(build.items)} items into runs`, `${int(build.nodeSeconds * 1000)} ms`, `JSON.stringify ${int(build.stringifySeconds * 1000)} ms`, `${fixed(build.overheadRatio)}×`, '≤ 2×', verdict(build.overheadRatio <= 2)]);
	}
	return rows;
}

/** @param {any[]} ingestion */
function flatMemory(ingestion) {
	const small = ingestion.find((size) => size.rows === 100_000);
	const large = ingestion.find((size) => size.rows === 1_000_000);
	if (!small?.capped || !large?.capped) return [];
	return [
		{ label: `row-capped (${small.capped.cappedRows} rows)`, small: small.capped.memoryMB, large: large.capped.memoryMB },
		{ label: 'binary file', small: small.files.memoryMB, large: large.files.memoryMB },
	].map((mode) => ({ ...mode, ratio: mode.large / mode.small }));
}

/** @param {any[]} ingestion */
function ingestionSection(ingestion) {
	const rate = (/** @type {any} */ figures) => `${int(figures.rowsPerSecond)} rows/s, ${int(figures.memoryMB)} MB`;
	const speedRows = ingestion.map((size) => [
		int(size.rows),
		fixed(size.fileMB, 1),
		`${int(size.download.rowsPerSecond)} rows/s`,
		...size.parsers.map(rate),
		rate(size.node),
		`${fixed(size.speedVsFastestParser)}×`,
		`${fixed(size.speedVsDownload)}×`,
		`${fixed(size.memoryVsFastestParser)}×`,
	]);
	const modeRows = ingestion
		.filter((size) => size.capped)
		.map((size) => [int(size.rows), `${int(size.capped.seconds * 1000)} ms, ${int(size.capped.memoryMB)} MB`, `${int(size.files.rowsPerSecond)} rows/s, ${int(size.files.memoryMB)} MB`]);
	const problems = ingestion.flatMap((size) => size.problems.map((/** @type {string} */ p) => `${int(size.rows)} rows: ${p}`));
	return [
		'## 1. Result ingestion',
		'',
		'Each case runs alone in a fresh Node process (`--expose-gc`); memory is the peak resident set during the measured work above where it started (Linux VmHWM, reset after a full GC), the largest over the rounds; speed is the best round (5 rounds at 10k, 3 at 100k, 1 at 1M). **Node** is Run → Get Results (final file, one item per row, defaults) executed through n8n-core\'s `WorkflowExecute` (the test harness): the links request, the streamed download through n8n\'s HTTP helper, parsing, and the items. **papaparse** (`header: true`, on the decoded string) and **csv-parse** (`columns: true`, on the Buffer) parse the same bytes already in memory (their download is not timed and their memory does not count the bytes). **Bare download** fetches the same link with Node\'s `http` and discards the bytes. The emulator serves each file from stored bytes after generating it once (bench/storedResultFiles.js). The first and last rows of the node and of both parsers are checked equal, and every row count.',
		'',
		table(['rows', 'file MB', 'bare download', 'papaparse', 'csv-parse', 'node (download included)', 'node / fastest parser, speed', 'node / bare download, speed', 'node / fastest parser, memory'], speedRows),
		'',
		'Row-capped mode (Max Rows) and binary-file mode (One Item per File; n8n\'s filesystem binary data mode, as n8n runs by default), on the same files:',
		'',
		table(['rows in file', 'capped: time, memory', 'binary file: speed, memory'], modeRows),
		'',
		problems.length ? `Check failures: ${problems.join('; ')}` : 'All row counts, first and last rows, and binary file sizes checked equal.',
	].join('\n');
}

/** @param {any[]} polling */
function pollingSection(polling) {
	const rows = polling.map((run) => [
		duration(run.durationMs),
		`${run.node.medianPolls} (${run.node.totalPolls})`,
		`${run.reference.medianPolls} (${run.reference.totalPolls})`,
		`${fixed(run.callsRatio)}×`,
		`${seconds(run.node.medianLagMs)} (max ${seconds(run.node.maxLagMs)})`,
		`${seconds(run.reference.medianLagMs)} (max ${seconds(run.reference.maxLagMs)})`,
	]);
	return [
		'## 2. Polling cost',
		'',
		`The node's \`waitForRun\` (compiled from nodes/Sixtyfour/helpers/waitForRun.ts, default bounds 2 s to 60 s) and the API reference's loop (poll, then sleep 5 s) each wait for ${polling[0]?.runs ?? 0} runs per duration, started 0 to 4.4 s (every 625 ms) before the first poll. Both call the emulator's live_status over HTTP; sleeping advances the emulator's manual clock. A run spends a tenth of its time queued and the rest in three equal blocks with steady progress. Lag is from the run's completion to the poll that sees it.`,
		'',
		table(['run', 'node calls: median (total)', 'reference calls: median (total)', 'calls node / reference', 'node lag: median', 'reference lag: median'], rows),
	].join('\n');
}

/** @param {any} trigger */
function triggerSection(trigger) {
	return [
		'## 3. Trigger',
		'',
		`The compiled Sixtyfour Trigger polls through n8n-core's \`PollContext\` (the test harness's runPoll) against the emulator, one emulated minute apart. Idle polls use the default parameters; ${trigger.busy.polls} busy polls (Include Results off, Runs per Poll 200) see ${int(trigger.runs)} runs go by, ${trigger.busy.runsPerPoll} a minute, queued 5 at a time at the same instant, so several finish in the same millisecond. Every run was emitted exactly once: ${int(trigger.emitted)} of ${int(trigger.runs)}.`,
		'',
		table(['', 'before the runs', `after ${int(trigger.runs)} runs`], [
			['requests per idle poll', fixed(trigger.before.requestsPerPoll, 0), fixed(trigger.after.requestsPerPoll, 0)],
			['idle poll time (median of 20)', `${fixed(trigger.before.medianMs, 1)} ms`, `${fixed(trigger.after.medianMs, 1)} ms`],
			['stored state', `${trigger.before.stateBytes} B`, `${trigger.after.stateBytes} B (largest during the runs: ${trigger.maxStateBytes} B)`],
		]),
		'',
		`Busy polls: median ${fixed(trigger.busy.medianMs, 1)} ms, ${fixed(trigger.busy.requestsPerPoll, 2)} requests per poll. Final state: \`${JSON.stringify(trigger.finalState)}\`.`,
	].join('\n');
}

/** @param {any} build */
function runBuildingSection(build) {
	return [
		'## 4. Building runs',
		'',
		`Workflow → Run, Records "From Input Items", ${int(build.items)} input items of 7 fields, Records per Run ${int(build.recordsPerRun)}, through n8n-core's \`WorkflowExecute\`. Timed is the node's own \`execute()\` (best of 5), with the HTTP start of each run answered at once in-process; the baseline is \`JSON.stringify\` of the same ${build.runs} request bodies (${fixed(build.payloadMB, 1)} MB).`,
		'',
		table(['node execute()', 'JSON.stringify', 'ratio', 'runs', 'output items'], [
			[`${int(build.nodeSeconds * 1000)} ms`, `${int(build.stringifySeconds * 1000)} ms`, `${fixed(build.overheadRatio)}×`, build.runs, build.outputItems],
		]),
	].join('\n');
}

/** @param {Results} results @param {string} notes */
function renderMarkdown(results, notes) {
	return [
		'# Benchmarks',
		'',
		'Generated by `npm run bench` (bench/run.mjs). Every figure is a ratio against a baseline measured in the same run on the same data, since absolute times drift on a shared machine.',
		'',
		`Machine: ${results.machine}. Total bench time ${fixed(results.totalSeconds, 0)} s.`,
		'',
		'## Targets',
		'',
		table(['figure', 'node', 'baseline', 'ratio', 'target', ''], targetRows(results)),
		'',
		results.ingestion ? ingestionSection(results.ingestion) : '',
		'',
		results.polling ? pollingSection(results.polling) : '',
		'',
		results.trigger ? triggerSection(results.trigger) : '',
		'',
		results.runBuilding ? runBuildingSection(results.runBuilding) : '',
		'',
		notes,
		'',
	].join('\n');
}

/** The summary for the console. @param {Results} results */
function renderConsole(results) {
	const rows = targetRows(results);
	const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column].replace(/\*/g, '').length))) ?? [];
	return [`Machine: ${results.machine}`, ...rows.map((row) => row.map((cell, column) => cell.replace(/\*/g, '').padEnd(widths[column])).join('  '))].join('\n');
}

module.exports = { renderMarkdown, renderConsole };
