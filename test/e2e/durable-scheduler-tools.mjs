// @ts-check
// What the durable-scheduler leg (durable-scheduler.test.mjs) reads besides the emulator: n8n's log
// (its scheduled polls and the trigger's poll budget lines), when n8n's scheduler will poll a
// workflow, and which runs each trigger execution carried.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { withoutRunMetadata } from './emulator-results.mjs';
import { pause } from './session.mjs';

/**
 * n8n 2.41's durable scheduler for poll triggers, with durable poll cursors; debug logging, so that
 * the scheduler's lines about each poll and the node's own debug lines reach n8n's log.
 */
export const DURABLE_SCHEDULER_ENV = Object.freeze({
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	N8N_LOG_LEVEL: 'debug',
});

/** What the scheduler logs (scope `scheduler`, with the workflow id) as a scheduled poll ends. */
const POLL_OUTCOMES = /** @type {const} */ ([
	['fired', 'Poll returned new data'],
	['empty', 'Poll returned no new data'],
	['abandoned', 'Poll exceeded its timeout and was abandoned'],
	['failed', 'Poll failed at runtime'],
	['skipped', 'Poll is backing off'],
]);
export const ABANDONED = 'Poll exceeded its timeout and was abandoned';
/** The trigger's closing debug line of a poll that n8n gave a time budget (getPollBudgetMs). */
const BUDGET_LINE = /Sixtyfour Trigger: poll finished in (\d+) ms of its (\d+) ms budget(?:; (\d+) runs fired, (\d+) left for the next poll)?/;

/** Colour codes: ESC [ ... m (built from its char code, as a regex literal with ESC trips one linter or the other). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * n8n's log file (stdout and stderr, appended to across restarts), read in lines without colours.
 * `mark()` is where the log stands now; `since(mark)` the lines written after it.
 * @param {string} logFile
 */
export function n8nLog(logFile) {
	const lines = () => readFileSync(logFile, 'utf8').replace(ANSI, '').split('\n');
	return {
		mark: () => lines().length - 1,
		/** @param {number} mark */
		since: (mark) => lines().slice(mark),
	};
}

/**
 * The scheduled polls of one n8n workflow that ended in `lines`, in order. A poll at activation is
 * not one: the scheduler logs none of these for it.
 * @param {string[]} lines
 * @param {string} workflowId n8n's
 * @returns {Array<typeof POLL_OUTCOMES[number][0]>}
 */
export function scheduledPolls(lines, workflowId) {
	const ofWorkflow = new RegExp(`"workflowId":\\s*"${workflowId}"`);
	/** @type {Array<typeof POLL_OUTCOMES[number][0]>} */
	const outcomes = [];
	for (const line of lines) {
		const outcome = POLL_OUTCOMES.find(([, text]) => line.includes(text));
		if (outcome && ofWorkflow.test(line)) outcomes.push(outcome[0]);
	}
	return outcomes;
}

/**
 * The trigger's budget lines in `lines`: how long each poll took of the time n8n gave it.
 * @param {string[]} lines
 */
export function pollBudgets(lines) {
	return lines.flatMap((line) => {
		const match = BUDGET_LINE.exec(line);
		if (!match) return [];
		const [, tookMs, budgetMs, fired, left] = match;
		return [{ tookMs: Number(tookMs), budgetMs: Number(budgetMs), fired: fired === undefined ? undefined : Number(fired), left: left === undefined ? undefined : Number(left) }];
	});
}

/**
 * Waits until n8n has logged the activation of the workflow's trigger: it does so after the poll
 * it makes at activation has returned.
 * @param {ReturnType<typeof n8nLog>} log
 * @param {number} mark
 * @param {string} workflowId
 */
export async function waitForActivation(log, mark, workflowId, timeoutMs = 60_000) {
	await waitFor(`the activation of workflow ${workflowId}`, timeoutMs, () =>
		log.since(mark).some((line) => line.includes('Activated trigger node') && line.includes(`"${workflowId}"`)),
	);
}

/**
 * Checks `done` every `everyMs` until it holds; fails after `timeoutMs`. `done` may also throw to fail early.
 * @param {string} what for the failure: "<what> did not happen within N s"
 * @param {number} timeoutMs
 * @param {() => boolean | Promise<boolean>} done
 */
export async function waitFor(what, timeoutMs, done, everyMs = 1000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await done())) {
		assert.ok(Date.now() < deadline, `${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
		await pause(everyMs);
	}
}

/**
 * The second of the minute at which n8n 2.41's durable scheduler polls a trigger set to "Every
 * Minute": PollTriggerJobRegistrar's seededCron, a hash of the workflow and node ids. Only used to
 * time an activation; what the tests assert is read from the emulator's request log.
 * @param {string} workflowId n8n's
 * @param {string} nodeId
 */
export function scheduledSecond(workflowId, nodeId) {
	return createHash('sha256').update(`${workflowId}:${nodeId}:second`).digest().readUInt32BE(0) % 60;
}

/**
 * The trigger's "Poll Times" for one poll a minute at a chosen second (a custom cron, which the
 * scheduler takes as it is), so that a test knows when the polls come.
 * @param {number} second
 */
export function everyMinuteAt(second) {
	return { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] };
}

/** The second of the minute `seconds` from now (wall clock; n8n runs with GENERIC_TIMEZONE=UTC). */
export const secondFromNow = (/** @type {number} */ seconds) => Math.floor(Date.now() / 1000 + seconds) % 60;

/** Seconds from now until the wall clock next shows `second` of a minute. */
export const secondsUntil = (/** @type {number} */ second) => (((second - (Date.now() / 1000) % 60) % 60) + 60) % 60;

/**
 * The trigger executions of one n8n workflow, read as they finish: which runs each carried, with
 * their rows. `output` is the trigger's: 'row' (one item per row, `sixtyfour_job_id` on each; a run
 * without rows gives one item of metadata only) or 'run' (one item per run, its rows in `rows`).
 * @param {import('./session.mjs').N8nInstance} n8n
 * @param {string} workflowId
 * @param {'row' | 'run'} output
 */
export function triggerFirings(n8n, workflowId, output) {
	/** @type {Map<string, Array<{ jobId: string, rows: Array<Record<string, unknown>> }>>} the runs of each execution */
	const byExecution = new Map();

	/** @param {Array<Record<string, any>>} items */
	const runsOf = (items) => {
		if (output === 'run') return items.map((item) => ({ jobId: String(item.job_id), rows: item.rows ?? [], error: item.results_error }));
		/** @type {Map<string, { jobId: string, rows: Array<Record<string, unknown>>, error?: unknown }>} */
		const runs = new Map();
		for (const item of items) {
			const jobId = String(item.sixtyfour_job_id);
			const run = runs.get(jobId) ?? { jobId, rows: [], error: item.sixtyfour_results_error };
			const row = withoutRunMetadata(item);
			if (Object.keys(row).length > 0) run.rows.push(row);
			runs.set(jobId, run);
		}
		return [...runs.values()];
	};

	return {
		/** Reads the executions that finished since the last call; each must have succeeded, in trigger mode. */
		async read() {
			for (const summary of await n8n.client.getExecutions({ workflowId, limit: 100 })) {
				if (byExecution.has(summary.id) || !['success', 'error', 'crashed'].includes(summary.status)) continue;
				const execution = await n8n.client.getExecution(summary.id);
				assert.equal(execution.status, 'success', JSON.stringify(execution.error ?? execution.nodes));
				assert.equal(execution.mode, 'trigger');
				const runs = runsOf(execution.nodes['Sixtyfour Trigger'].outputs[0]);
				for (const run of runs) assert.equal(run.error, undefined, `run ${run.jobId} fired without its rows: ${run.error}`);
				byExecution.set(summary.id, runs.map(({ jobId, rows }) => ({ jobId, rows })));
			}
		},
		executions: () => byExecution.size,
		/** How many times each run fired. */
		counts() {
			/** @type {Map<string, number>} */
			const counts = new Map();
			for (const runs of byExecution.values()) for (const { jobId } of runs) counts.set(jobId, (counts.get(jobId) ?? 0) + 1);
			return counts;
		},
		/** @param {string[]} jobIds */
		allFired(jobIds) {
			const counts = this.counts();
			return jobIds.every((id) => counts.has(id));
		},
		/** @param {string} jobId the rows of the run's (first) firing */
		rowsOf(jobId) {
			for (const runs of byExecution.values()) for (const run of runs) if (run.jobId === jobId) return run.rows;
			return undefined;
		},
		/**
		 * Each expected run fired exactly once, and nothing else: what did not.
		 * @param {string[]} expected
		 */
		tally(expected) {
			const counts = this.counts();
			return {
				missing: expected.filter((id) => !counts.has(id)),
				duplicates: [...counts].filter(([, count]) => count > 1).map(([id]) => id),
				unexpected: [...counts.keys()].filter((id) => !expected.includes(id)),
			};
		},
	};
}
