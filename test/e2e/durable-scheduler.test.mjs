// @ts-check
// The Sixtyfour Trigger under n8n's durable scheduler for poll triggers: ONE n8n 2.41.0 started with
// N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED and N8N_POLLER_DURABLE_CURSORS_ENABLED
// (and debug logging), against the emulator. There n8n runs the poll at activation as a test and
// keeps nothing it stores; scheduled polls come once a minute from the scheduler, are abandoned after
// 45 s (N8N_SCHEDULER_POLL_TIMEOUT), and getPollBudgetMs() gives the node 36 s. Each scenario has its
// own workflow, deactivated at its end, and asserts that every run fires exactly once (none missing,
// none twice, nothing else), with the rows of its final CSV. The figures go to bench/durable-scheduler.json.
// Run by scripts/e2e.mjs (`node scripts/e2e.mjs durable` alone); by hand, with n8n installed already:
//   node --test-reporter=spec test/e2e/durable-scheduler.test.mjs
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../scripts/n8n/install.mjs';
import { isTriggerPoll } from './activated-trigger.mjs';
import {
	ABANDONED,
	DURABLE_SCHEDULER_ENV,
	everyMinuteAt,
	n8nLog,
	pollBudgets,
	scheduledPolls,
	scheduledSecond,
	secondFromNow,
	secondsUntil,
	triggerFirings,
	waitFor,
	waitForActivation,
} from './durable-scheduler-tools.mjs';
import { finalRows, waitUntilFinished } from './emulator-results.mjs';
import { EMULATOR_SPEED, pause, readExample, startSession } from './session.mjs';
import { triggerCompletenessTests } from './trigger-completeness.mjs';

const require = createRequire(import.meta.url);
const { describeMachine } = require('../../bench/machine.js');

export const FIGURES_FILE = join(REPO_ROOT, 'bench', 'durable-scheduler.json');
const version = process.env.SIXTYFOUR_E2E_N8N_VERSION || '2.41.0';

/** A scheduled poll comes once a minute, a few seconds after its second (the executor's tick). */
const MINUTE_MS = 60_000;
/** Activating this long before the first scheduled poll leaves time for the activation poll (and a poll with nothing to do). */
const ACTIVATION_LEAD_S = 20;
/** The least time between activation and the first scheduled poll for the runs to finish in (they take about a second). */
const MIN_LEAD_FOR_RUNS_S = 10;
/** Scheduled polls allowed, after the runs are complete, before a run that has not fired counts as lost. */
const POLLS_TO_FIRE = 2;

/** Emulator workflows of their own, so that each scenario's trigger watches only its runs. */
const BACKLOG_WORKFLOW = {
	id: 'wf_e2e_durable_backlog',
	name: 'Durable Backlog',
	source: /** @type {const} */ ('webhook'),
	blocks: ['webhook', 'enrich_company'],
	enrichmentRate: 0.9,
	// At the session's clock (x60) a run of two records takes about half a second.
	timing: { queueMs: 5000, blockBaseMs: 15_000, perRowMs: 500 },
};
/**
 * A run of one record takes 4.9 s of wall time (x60), of two 9.5 s: started as a poll's list request
 * arrives (answered 3 s late), the two-record runs complete about 4 s after the poll's execution has
 * finished and n8n is stopped, well before it serves again (11 s or more here).
 */
const RESTART_WORKFLOW = {
	id: 'wf_e2e_durable_restart',
	name: 'Durable Restart',
	source: /** @type {const} */ ('webhook'),
	blocks: ['webhook', 'enrich_company'],
	enrichmentRate: 0.9,
	timing: { queueMs: 1000, blockBaseMs: 5000, perRowMs: 140_000 },
};

const BACKLOG = { runs: 30, recordsPerRun: 2, downloadLatencyMs: 3000, maxPolls: 6 };

/** @param {number} count @param {string} prefix @param {number} [records] */
const companies = (count, prefix, records = 2) =>
	Array.from({ length: count }, (_, i) =>
		Array.from({ length: records }, (__, j) => ({ company_name: `${prefix} ${i}-${j}`, website: `${prefix.toLowerCase().replace(/\W+/g, '-')}-${i}-${j}.example` })),
	);

describe(`Sixtyfour Trigger under the durable scheduler of n8n ${version}`, () => {
	/** @type {import('./session.mjs').Session | undefined} */
	let current;
	const session = () => {
		if (!current) throw new Error('n8n did not start');
		return current;
	};
	const started = Date.now();
	/** @type {Record<string, any>} */
	const figures = { measuredAt: new Date().toISOString(), machine: describeMachine(), n8n: version, settings: DURABLE_SCHEDULER_ENV, scenarios: {} };

	before(async () => {
		current = await startSession(version, { env: { ...DURABLE_SCHEDULER_ENV } });
		current.say(`n8n started with ${Object.entries(DURABLE_SCHEDULER_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`);
	}, { timeout: 600_000 });
	after(async () => await current?.stop());

	/**
	 * The example "process finished runs" saved with changes to its trigger's parameters.
	 * @param {string} name
	 * @param {Record<string, unknown>} parameters
	 */
	const createTriggerWorkflow = async (name, parameters) => {
		const { n8n, credential } = session();
		const workflow = readExample('process-finished-runs');
		workflow.name = name;
		Object.assign(workflow.nodes[0].parameters, parameters);
		const { id } = await n8n.client.createWorkflow(workflow, { credentials: { sixtyfourApi: credential } });
		return id;
	};

	/** Deactivates, ignoring a failure: a scenario's trigger must not see the next one's runs. */
	const deactivate = async (/** @type {string} */ workflowId) => {
		await session().n8n.client.deactivateWorkflow(workflowId).catch((error) => session().say(`deactivating ${workflowId} failed: ${error.message}`));
	};

	/**
	 * Waits until each run has fired, reading the executions; fails when `maxPolls` scheduled polls
	 * have ended since `pollMark` without that, or when n8n abandons a poll.
	 * @param {ReturnType<typeof triggerFirings>} firings
	 * @param {string[]} jobIds
	 * @param {{ workflowId: string, log: ReturnType<typeof n8nLog>, pollMark: number, maxPolls: number }} options
	 */
	const waitUntilFired = async (firings, jobIds, { workflowId, log, pollMark, maxPolls }) => {
		await waitFor(`${jobIds.length} runs fired`, (maxPolls + 1) * MINUTE_MS, async () => {
			await firings.read();
			if (firings.allFired(jobIds)) return true;
			const lines = log.since(pollMark);
			const polls = scheduledPolls(lines, workflowId);
			const fired = jobIds.filter((id) => firings.counts().has(id)).length;
			assert.ok(!polls.includes('abandoned'), `n8n logged "${ABANDONED}" (${fired} of ${jobIds.length} runs fired)`);
			assert.ok(polls.length < maxPolls, `${polls.length} scheduled polls (${polls.join(', ')}) ended, and ${fired} of ${jobIds.length} runs fired`);
			return false;
		}, 2000);
	};

	/**
	 * Waits for one more scheduled poll of the workflow to end, then reads the executions: a run
	 * fired twice would show now.
	 * @param {ReturnType<typeof triggerFirings>} firings
	 * @param {string} workflowId
	 * @param {ReturnType<typeof n8nLog>} log
	 */
	const oneMorePoll = async (firings, workflowId, log) => {
		const mark = log.mark();
		await waitFor('one more scheduled poll', 2 * MINUTE_MS, () => scheduledPolls(log.since(mark), workflowId).length > 0);
		await pause(3000);
		await firings.read();
	};

	/**
	 * Each run's rows as fired equal its final CSV.
	 * @param {ReturnType<typeof triggerFirings>} firings
	 * @param {string[]} jobIds
	 */
	const assertRows = async (firings, jobIds) => {
		for (const jobId of jobIds) assert.deepEqual(firings.rowsOf(jobId), await finalRows(session().emu, jobId), `rows of ${jobId}`);
	};

	test('runs that finish between activation and the first scheduled poll fire once each, with their rows', { timeout: 400_000 }, async () => {
		const { n8n, emu, say, importExample } = session();
		const log = n8nLog(n8n.logFile);
		const workflowId = await importExample('process-finished-runs');
		// The example as it is (every minute): n8n picks the poll's second from the ids. Activating
		// too close before it would leave the runs no time to finish before the first poll.
		const second = scheduledSecond(workflowId, readExample('process-finished-runs').nodes[0].id);
		if (secondsUntil(second) < MIN_LEAD_FOR_RUNS_S) await pause((secondsUntil(second) + 1) * 1000);
		say(`"process finished runs" (workflow ${workflowId}) polls at second ${second}; activating ${Math.round(secondsUntil(second))} s before it`);
		const mark = log.mark();
		await n8n.client.activateWorkflow(workflowId);
		try {
			await waitForActivation(log, mark, workflowId);
			const runsStartedAt = emu.clock.now();
			const jobIds = companies(3, 'Between').map((records) => emu.startRun('wf_company_enrichment', { webhook_payload: records }).job_id);
			for (const jobId of jobIds) assert.equal(await waitUntilFinished(emu, jobId), 'completed');
			const lastCompletion = Math.max(...jobIds.map((id) => Date.parse(emu.getRun(id)?.listEntry.completed_at)));
			const pollMark = log.mark();
			say(`3 runs completed (${jobIds.join(', ')}) after the activation poll; waiting for the first scheduled poll`);

			const firings = triggerFirings(n8n, workflowId, 'row');
			await waitUntilFired(firings, jobIds, { workflowId, log, pollMark, maxPolls: POLLS_TO_FIRE });
			// The poll at activation came before the runs started; the first poll after it is the scheduler's.
			const firstScheduled = emu.requests.find((r) => isTriggerPoll(r) && r.time > runsStartedAt);
			assert.ok(firstScheduled, 'the emulator saw the first scheduled poll');
			assert.ok(lastCompletion < firstScheduled.time, `the runs completed (${new Date(lastCompletion).toISOString()}) before the first scheduled poll (${new Date(firstScheduled.time).toISOString()})`);
			await oneMorePoll(firings, workflowId, log);

			const tally = firings.tally(jobIds);
			const polls = scheduledPolls(log.since(mark), workflowId);
			const result = { runs: jobIds.length, fired: firings.counts().size, duplicates: tally.duplicates.length, executions: firings.executions(), scheduledPolls: polls.length };
			say(`between activation and the first poll: ${result.runs} runs made, ${result.fired} fired, ${result.duplicates} duplicates, in ${result.executions} execution(s) over ${result.scheduledPolls} scheduled polls`);
			assert.deepEqual(tally, { missing: [], duplicates: [], unexpected: [] });
			await assertRows(firings, jobIds);
			figures.scenarios.betweenActivationAndFirstPoll = result;
		} finally {
			await deactivate(workflowId);
		}
	});

	test(`a backlog of ${BACKLOG.runs} runs, each result file ${BACKLOG.downloadLatencyMs / 1000} s to download (more than two poll budgets): each fires once, no poll outlasts its budget`, { timeout: 900_000 }, async () => {
		const { n8n, emu, say } = session();
		emu.addWorkflow(BACKLOG_WORKFLOW);
		const log = n8nLog(n8n.logFile);
		const mark = log.mark();
		const second = secondFromNow(ACTIVATION_LEAD_S);
		const workflowId = await createTriggerWorkflow('Sixtyfour: durable scheduler, backlog', {
			pollTimes: everyMinuteAt(second),
			workflows: 'one',
			workflowId: { __rl: true, mode: 'id', value: BACKLOG_WORKFLOW.id },
			output: 'run',
		});
		await n8n.client.activateWorkflow(workflowId);
		try {
			await waitForActivation(log, mark, workflowId);
			say(`backlog workflow ${workflowId} active, polling at second ${second}; waiting for its first scheduled poll`);
			await waitFor('the first scheduled poll', 2 * MINUTE_MS, () => scheduledPolls(log.since(mark), workflowId).length > 0);

			emu.faults.add({ route: 'storage', type: 'latency', ms: BACKLOG.downloadLatencyMs, times: Infinity });
			const jobIds = companies(BACKLOG.runs, 'Backlog', BACKLOG.recordsPerRun).map((records) => emu.startRun(BACKLOG_WORKFLOW.id, { webhook_payload: records }).job_id);
			for (const jobId of jobIds) assert.equal(await waitUntilFinished(emu, jobId), 'completed');
			const pollMark = log.mark();
			say(`${BACKLOG.runs} runs completed together; every result file now takes ${BACKLOG.downloadLatencyMs / 1000} s to download`);

			const firings = triggerFirings(n8n, workflowId, 'run');
			try {
				await waitUntilFired(firings, jobIds, { workflowId, log, pollMark, maxPolls: BACKLOG.maxPolls });
			} finally {
				emu.faults.clear();
			}
			const backlogPolls = scheduledPolls(log.since(pollMark), workflowId).length;
			const backlogExecutions = firings.executions();
			say(`all ${BACKLOG.runs} fired, over ${backlogPolls} scheduled polls in ${backlogExecutions} executions; downloads fast again, waiting for one more poll`);
			await oneMorePoll(firings, workflowId, log);

			const lines = log.since(mark);
			const budgets = pollBudgets(lines);
			const longest = budgets.reduce((a, b) => (b.tookMs > a.tookMs ? b : a), { tookMs: -1, budgetMs: NaN, fired: undefined, left: undefined });
			const tally = firings.tally(jobIds);
			const result = {
				runs: jobIds.length,
				fired: firings.counts().size,
				duplicates: tally.duplicates.length,
				backlogPolls,
				backlogExecutions,
				executions: firings.executions(),
				downloadLatencyMs: BACKLOG.downloadLatencyMs,
				pollsWithBudget: budgets.length,
				longestPollMs: budgets.length ? longest.tookMs : null,
				budgetMs: budgets.length ? longest.budgetMs : null,
				firedPerPoll: budgets.filter((b) => b.fired).map((b) => b.fired),
				abandoned: lines.filter((line) => line.includes(ABANDONED)).length,
			};
			say(`backlog: ${result.runs} runs made, ${result.fired} fired, ${result.duplicates} duplicates, ${result.backlogPolls} polls (${result.backlogExecutions} executions) for the backlog, runs fired per poll ${result.firedPerPoll.join(', ') || 'not logged'}; longest poll ${result.longestPollMs ?? '?'} ms of its ${result.budgetMs ?? '?'} ms budget; ${result.abandoned} abandoned`);
			assert.equal(result.abandoned, 0, `n8n logged "${ABANDONED}"`);
			assert.deepEqual(tally, { missing: [], duplicates: [], unexpected: [] });
			await assertRows(firings, jobIds);
			// 30 downloads of 3 s each, one after another, do not fit in two budgets of 36 s.
			assert.ok(backlogExecutions >= 3, `the backlog took ${backlogExecutions} executions; 90 s of reading needs at least 3 budgets`);
			assert.ok(budgets.length > 0, 'the trigger logged how long its polls took of their budget (debug)');
			assert.ok(longest.tookMs < longest.budgetMs, `the longest poll took ${longest.tookMs} ms of its ${longest.budgetMs} ms budget`);
			figures.scenarios.backlog = result;
		} finally {
			emu.faults.clear();
			await deactivate(workflowId);
		}
	});

	test('n8n stopped (SIGTERM) between two polls with runs in flight, which complete while it is down: each run fires once', { timeout: 600_000 }, async () => {
		const { n8n, emu, say } = session();
		emu.addWorkflow(RESTART_WORKFLOW);
		const log = n8nLog(n8n.logFile);
		const mark = log.mark();
		const second = secondFromNow(ACTIVATION_LEAD_S);
		const workflowId = await createTriggerWorkflow('Sixtyfour: durable scheduler, restart', {
			pollTimes: everyMinuteAt(second),
			workflows: 'one',
			workflowId: { __rl: true, mode: 'id', value: RESTART_WORKFLOW.id },
			output: 'run',
		});
		await n8n.client.activateWorkflow(workflowId);
		try {
			await waitForActivation(log, mark, workflowId);
			say(`restart workflow ${workflowId} active, polling at second ${second}; waiting for its first scheduled poll`);
			await waitFor('the first scheduled poll', 2 * MINUTE_MS, () => scheduledPolls(log.since(mark), workflowId).length > 0);

			// Runs that complete before the next poll: it fires them, before the restart.
			const before = companies(2, 'Before restart', 1).map((records) => emu.startRun(RESTART_WORKFLOW.id, { webhook_payload: records }).job_id);
			// The next poll's runs list is answered 3 s late: the runs started meanwhile are in its answer, in flight.
			const pollsSoFar = emu.requests.length;
			emu.faults.add({ route: 'runs', type: 'latency', ms: 3000 });
			/** @type {any} */
			let nextPoll;
			await waitFor('the next scheduled poll', 2 * MINUTE_MS, () => Boolean((nextPoll = emu.requests.slice(pollsSoFar).find(isTriggerPoll))), 50);
			const inFlight = companies(3, 'In flight', 2).map((records) => emu.startRun(RESTART_WORKFLOW.id, { webhook_payload: records }).job_id);
			assert.equal(nextPoll.status, null, 'the runs in flight were started before the poll was answered');
			for (const jobId of before) assert.equal(emu.getRun(jobId)?.listEntry.status, 'completed', `${jobId} completed before the poll`);
			await waitFor('the poll to end', MINUTE_MS, () => scheduledPolls(log.since(mark), workflowId).length >= 2, 100);
			// Stopped only once the poll's execution has finished: n8n 2.41 stopped between committing a
			// poll's execution and starting it marks it crashed at the next start, and its recovery then
			// fails ("Cannot read properties of null (reading 'getTime')") and n8n exits.
			const firings = triggerFirings(n8n, workflowId, 'run');
			await waitFor('the poll\'s execution to finish', MINUTE_MS, async () => {
				await firings.read();
				return firings.allFired(before);
			}, 250);
			const firedBeforeRestart = [...firings.counts().keys()];
			const stoppedAt = emu.clock.now();
			say(`the poll saw ${inFlight.length} runs in flight; stopping n8n (SIGTERM) before the next one`);
			await n8n.restart('SIGTERM');
			const upAt = emu.clock.now();
			const downSeconds = Number(((upAt - stoppedAt) / EMULATOR_SPEED / 1000).toFixed(1));
			say(`n8n started again after ${downSeconds} s`);
			for (const jobId of inFlight) {
				const completedAt = Date.parse(emu.getRun(jobId)?.listEntry.completed_at);
				assert.ok(completedAt > stoppedAt && completedAt < upAt, `${jobId} completed while n8n was down`);
			}

			const expected = [...before, ...inFlight];
			await waitUntilFired(firings, expected, { workflowId, log, pollMark: log.mark(), maxPolls: POLLS_TO_FIRE });
			await oneMorePoll(firings, workflowId, log);

			const tally = firings.tally(expected);
			const result = {
				runs: expected.length,
				fired: firings.counts().size,
				duplicates: tally.duplicates.length,
				executions: firings.executions(),
				firedBeforeRestart: firedBeforeRestart.length,
				completedWhileDown: inFlight.length,
				downSeconds,
			};
			say(`restart: ${result.runs} runs made (${before.length} fired before the stop, ${inFlight.length} completed while n8n was down), ${result.fired} fired, ${result.duplicates} duplicates, in ${result.executions} executions`);
			assert.deepEqual(tally, { missing: [], duplicates: [], unexpected: [] });
			assert.deepEqual(firedBeforeRestart.sort(), [...before].sort(), 'the poll before the stop fired the runs completed before it');
			await assertRows(firings, expected);
			figures.scenarios.restart = result;
		} finally {
			emu.faults.clear();
			await deactivate(workflowId);
		}
	});

	// The 2.41.0 leg's test as it is, under the scheduler: 121 runs, n8n killed between two polls.
	triggerCompletenessTests(session, { onFigures: (result) => (figures.scenarios.killDuringLongRun = result) });

	test('figures: written to bench/durable-scheduler.json', () => {
		assert.deepEqual(Object.keys(figures.scenarios).sort(), ['backlog', 'betweenActivationAndFirstPoll', 'killDuringLongRun', 'restart'], 'every scenario passed');
		figures.wallSeconds = Math.round((Date.now() - started) / 1000);
		writeFileSync(FIGURES_FILE, `${JSON.stringify(figures, null, '\t')}\n`);
		session().say(`figures written to ${FIGURES_FILE}`);
	});
});
