// @ts-check
'use strict';

// The closing note: each figure with what limits it. The numbers come from the results; the causes
// were found by profiling (node --cpu-prof) and reading the code on the machine named above.

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en');
const fixed = (/** @type {number} */ n, digits = 2) => n.toFixed(digits);

/** @param {any[]} ingestion */
function ingestionNotes(ingestion) {
	const bySize = (/** @type {number} */ rows) => ingestion.find((size) => size.rows === rows);
	const mid = bySize(100_000);
	const big = bySize(1_000_000);
	const parserRate = (/** @type {any} */ size, /** @type {string} */ kind) => size.parsers.find((/** @type {any} */ p) => p.kind === kind).rowsPerSecond;
	const notes = [
		`- **Ingestion speed.** ${ingestion.map((size) => `${int(size.rows)} rows: ${fixed(size.speedVsFastestParser)}× the fastest parser (${size.fastestParser})`).join('; ')}. The bare download runs at ${ingestion.map((size) => `${int(size.download.rowsPerSecond)}`).join(' / ')} rows/s, far above any parser, so the transfer is not what limits the node: it parses as the bytes arrive and emits each record as its line ends. On this shared 2-core machine these ratios move by tens of percent from one run to the next with the other jobs' load (see the load average above); the causes below do not.`,
	];
	const small = bySize(10_000);
	if (small && mid?.capped && small.speedVsFastestParser < 1) {
		notes.push(
			`  **Missed at 10k rows (${fixed(small.speedVsFastestParser)}×).** Here the node's run of ${int(small.node.seconds * 1000)} ms includes what the parsers do not pay: an n8n execution, the links request and a new connection. Their cost shows in the capped case (a whole execution returning 1,000 rows: ${int(mid.capped.seconds * 1000)} ms); the rest is the streaming path's work per chunk (n8n's HTTP stream, UTF-8 decoding, records built as chunks arrive), against ${int(Math.min(...small.parsers.map((/** @type {any} */ p) => p.seconds)) * 1000)} ms for the fastest parser on bytes already in memory.`,
		);
	}
	if (big && mid) {
		notes.push(
			`  Rows per second from 100k to 1M rows: papaparse ${int(parserRate(mid, 'papaparse'))} → ${int(parserRate(big, 'papaparse'))} rows/s, csv-parse ${int(parserRate(mid, 'csv-parse'))} → ${int(parserRate(big, 'csv-parse'))} rows/s, the node ${int(mid.node.rowsPerSecond)} → ${int(big.node.rowsPerSecond)} rows/s. What limits the node on large files is V8's garbage collector, not parsing: every one of the 1M rows (12M strings) stays alive, so each young-generation collection copies nearly everything it finds and the old generation is marked again as it grows. A CPU profile of the node case at 300k rows showed the collector taking more time than everything else together (parser hot spots \`indexOrLength\`, \`parseRecords\`, UTF-8 \`decode\`: under 1.5 s). The node's rows likely survive more collections than papaparse's because they are built while the download streams in and then kept by n8n as items and run data.${[mid, big].some((size) => size.speedVsFastestParser < 1) ? ` **Missed at ${[mid, big].filter((size) => size.speedVsFastestParser < 1).map((size) => `${int(size.rows)} rows (${fixed(size.speedVsFastestParser)}×)`).join(' and ')}.** No change in the node's code removes that cost while it returns a million items; what helps is not holding them: Max Rows, or One Item per File (binary), which run at ${int(big.files.rowsPerSecond)} rows/s with flat memory. Worth trying at the n8n host: a larger young generation (\`NODE_OPTIONS=--max-semi-space-size=64\`), not measured here.` : ''}`,
		);
		notes.push(
			`- **Ingestion memory.** ${ingestion.map((size) => `${int(size.rows)} rows: ${fixed(size.memoryVsFastestParser)}× the fastest parser's`).join('; ')} (the parsers' figures leave out the file bytes they were handed; counting them would add ${int(big.fileMB)} MB at 1M rows). The node's field values are slices of the decoded 64 KB chunks (nodes/Sixtyfour/helpers/csvParser.ts, \`text.slice\`), and V8 keeps a sliced string's parent text alive, so the rows pin the file's text, as papaparse's substrings pin its one big string; csv-parse builds each value afresh and needs about half (${int(big.parsers.find((/** @type {any} */ p) => p.kind === 'csv-parse').memoryMB)} MB at 1M). Copying each value out of its chunk would save roughly the file's size in memory at some parse time; the 1.5× target does not need it.`,
		);
		notes.push(
			`- **Row-capped and binary modes.** Capped at ${big.capped.cappedRows} rows: ${int(mid.capped.memoryMB)} MB at 100k vs ${int(big.capped.memoryMB)} MB at 1M, ${int(mid.capped.seconds * 1000)} vs ${int(big.capped.seconds * 1000)} ms: the download is stopped once the rows are in. Binary: ${int(mid.files.memoryMB)} MB vs ${int(big.files.memoryMB)} MB, the file streamed into n8n's filesystem binary store at ${int(big.files.rowsPerSecond)} rows/s. What remains is n8n and HTTP buffers. (In n8n's in-memory binary mode, n8n-core itself buffers the file as base64: memory then grows with the file whatever the node does.)`,
		);
	}
	notes.push(
		'- **Served bytes.** The emulator generates synthetic files row by row at roughly 70k–100k rows/s of one core here, slower than either parser, so downloads of a generated file would measure the generator. The bench generates each file once and has the emulator replay the bytes (bench/storedResultFiles.js, a memo in front of its CSV generator), as a storage host serves stored files. Proposed to the emulator\'s owner: a `synthetic.cache` option doing the same inside the emulator.',
	);
	return notes;
}

/** @param {any[]} polling */
function pollingNotes(polling) {
	const short = polling.find((run) => run.durationMs <= 10_000);
	const notes = [
		`- **Polling calls.** ${polling.map((run) => `${run.durationMs / 1000} s: ${fixed(run.callsRatio)}× the reference's calls`).join('; ')}. The schedule waits half the run's age (so calls grow with the logarithm of the duration, not linearly) and, once progress gives an estimate, aims just after the estimated finish; the reference's calls grow linearly (one every 5 s).`,
		`- **Lag.** Median ${polling.map((run) => `${fixed(run.node.medianLagMs / 1000)} s vs ${fixed(run.reference.medianLagMs / 1000)} s`).join(', ')} (node vs reference). The reference's lag is spread evenly over its 5 s period; the node's is the 250 ms margin it aims after the estimated finish, plus the estimate's error, which grows with the length of the final step on long runs.`,
	];
	if (short && short.node.totalPolls > short.reference.totalPolls) {
		const extra = short.perRun.node.map((/** @type {any} */ f, /** @type {number} */ i) => ({ i, extra: f.polls - short.perRun.reference[i].polls })).filter((/** @type {any} */ r) => r.extra > 0);
		notes.push(
			`  **Missed for the 10 s run by ${short.node.totalPolls - short.reference.totalPolls} call in ${short.runs} runs** (medians equal, ${short.node.medianPolls} vs ${short.reference.medianPolls}; the extra call is in the run${extra.length > 1 ? 's' : ''} started ${extra.map((/** @type {any} */ r) => `${r.i * 0.625} s`).join(', ')} before the first poll). Cause, nodes/Sixtyfour/helpers/pollSchedule.ts \`nextPollDelay\`: at the second poll (5 s) the only rate known includes the queued second, so the finish is estimated 6.25 s away; that is beyond \`aimWithin\` (the 5 s floor), so the schedule steps half way (3.1 s) and estimates again, and needs a fourth call where the 5 s loop's third lands on the finish. Proposed change: aim straight at the estimate while it is within twice the reference interval (\`finishIn <= 2 * aimWithin\` at the \`aimWithin\` test), which by hand makes the run started at 0 s take 3 calls (lag 1.5 s instead of 0.25 s); to be checked with the schedule's own simulation test.`,
		);
	}
	return notes;
}

/** @param {any} trigger */
function triggerNotes(trigger) {
	return [
		`- **Trigger.** ${fixed(trigger.after.requestsPerPoll, 0)} request per idle poll (the runs list, filtered by status); the stored state is a completion-time cursor plus the ids finished at exactly that millisecond, ${trigger.after.stateBytes} B after ${int(trigger.runs)} runs and never above ${trigger.maxStateBytes} B (5 runs finishing in the same millisecond), so it is bounded by same-instant completions, not by runs seen. An idle poll costs ${fixed(trigger.after.medianMs, 1)} ms after vs ${fixed(trigger.before.medianMs, 1)} ms before (${fixed(trigger.pollTimeRatio)}×): the poll reads one page whatever the history, and its time is n8n's PollContext plus one loopback request.`,
	];
}

/** @param {any} build */
function runBuildingNotes(build) {
	const notes = [
		`- **Building runs.** ${int(build.nodeSeconds * 1000)} ms for ${int(build.items)} items vs ${int(build.stringifySeconds * 1000)} ms to stringify the bodies: ${fixed(build.overheadRatio)}×.`,
	];
	if (build.overheadRatio > 2) {
		notes.push(
			`  **Missed.** A CPU profile puts most of the node's time in n8n-core's \`getNodeParameter\` (parameter lookup, \`displayParameter\`, value validation, resource-locator extraction): nodes/Sixtyfour/actions/workflow/run.operation.ts reads "Workflow" (\`readWorkflowId\`) and "Fields to Send" (\`recordsOfItem\`) once per item, 200,000 calls for 100,000 items; records, batching (\`planRunBatches\`) and bodies are a small part. Proposed change: read those parameters once when they are not expressions, as the operation already does for "Records (JSON)" (\`isExpression\`), checking the resource locator's \`value\` for a leading \`=\` too; then per-item work is taking each item's JSON.`,
		);
	}
	return notes;
}

/** @param {import('./report').Results} results */
function closingNotes(results) {
	return [
		'## What limits each figure',
		'',
		...(results.ingestion ? ingestionNotes(results.ingestion) : []),
		...(results.polling ? pollingNotes(results.polling) : []),
		...(results.trigger ? triggerNotes(results.trigger) : []),
		...(results.runBuilding ? runBuildingNotes(results.runBuilding) : []),
	].join('\n');
}

module.exports = { closingNotes };
