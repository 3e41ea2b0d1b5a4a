import {
	NodeApiError,
	NodeOperationError,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { asNodeError } from '../shared/nodeError';
import { appendAll } from '../shared/helpers/appendAll';
import { isFinished, MAX_RUNS_WINDOW, type RunSummary } from '../shared/helpers/apiTypes';
import { getLiveStatus, listRuns } from '../shared/transport/runRequests';
import { readResultRows } from '../shared/results/readResultRows';
import { latestFinishedRun } from './helpers/finishedRuns';
import { readPollState, writePollState, type PollState } from './helpers/pollState';
import { statusFilterFor } from './helpers/runQuery';
import { baselineState, pageFallsShort, PollRound, reachesHorizon } from './helpers/runTracker';
import { summaryFromLiveStatus } from './helpers/summaryFromLiveStatus';
import { itemsForRun, type FinishFallback, type RunResults } from '../shared/triggerItems';
import { readTriggerSettings, type TriggerSettings } from './triggerSettings';

async function listPage(this: IPollFunctions, settings: TriggerSettings, limit: number, status?: string): Promise<RunSummary[]> {
	return await listRuns.call(this, { status, workflowId: settings.workflowId, limit });
}

/** Asks Sixtyfour how a run in flight that no list shows stands, and records the answer. */
async function checkRun(this: IPollFunctions, settings: TriggerSettings, round: PollRound, runId: string): Promise<void> {
	let live;
	try {
		live = await getLiveStatus.call(this, runId);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') {
			this.logger.warn(`Sixtyfour Trigger: run "${runId}" no longer exists; it is no longer watched.`);
			round.forget(runId);
		} else {
			this.logger.warn(`Sixtyfour Trigger: the status of run "${runId}" could not be read; it is checked again at the next poll. ${(error as Error).message}`);
		}
		return;
	}
	if (settings.workflowId !== undefined && live.workflow_id !== settings.workflowId) round.forget(runId);
	else if (!isFinished(live.overall_status)) round.stillGoing(runId);
	else round.observe(summaryFromLiveStatus({ ...live, run_id: live.run_id || runId }, round.queuedAtOf(runId) ?? 0));
}

/**
 * Feeds the round every run the poll must see (steps 1 to 3 of runTracker.ts): a page, widened to
 * the largest when it falls short; the active, completed and cancelled runs and live statuses only
 * when runs in flight are out of the page or more runs were queued since the last poll than it holds.
 */
async function observeRuns(this: IPollFunctions, settings: TriggerSettings, stored: PollState, round: PollRound): Promise<void> {
	let limit = settings.runsPerPoll;
	let page = await listPage.call(this, settings, limit);
	if (limit < MAX_RUNS_WINDOW && pageFallsShort(page, limit, stored)) {
		limit = MAX_RUNS_WINDOW;
		page = await listPage.call(this, settings, limit);
	}
	const overflowed = !reachesHorizon(page, limit, stored);
	if (overflowed) {
		this.logger.warn(
			`Sixtyfour Trigger: more than ${limit} runs were queued since the last poll; a run queued and finished in between beyond the newest ${limit} cannot be seen. Poll more often.`,
		);
	}
	round.observeList(page);
	if (!overflowed && round.unseenInFlight().length === 0) return;

	const active = await listPage.call(this, settings, MAX_RUNS_WINDOW, 'active');
	round.observeList(active);
	// Runs that left the page and the active list have ended: the filtered lists reach furthest back.
	for (const status of ['completed', 'cancelled'] as const) {
		if (!settings.events.includes(status) || round.unseenInFlight().length === 0) continue;
		round.observeList(await listPage.call(this, settings, MAX_RUNS_WINDOW, status));
	}
	for (const runId of round.statusChecks(active)) await checkRun.call(this, settings, round, runId);
}

/**
 * A run's result rows; a failure is thrown, for the caller to retry the run at the next poll. A
 * completed run must have files: while it has none yet, that is a failure too, without waiting in
 * the poll.
 */
async function readRunResults(this: IPollFunctions, run: RunSummary, settings: TriggerSettings): Promise<RunResults | undefined> {
	if (settings.results === undefined) return undefined;
	const options = { ...settings.results, filesExpected: run.status === 'completed', maxFileWaitMs: 0 };
	return { files: await readResultRows.call(this, run.job_id, options) };
}

/** A run that carries no finish time is stamped with when the trigger read it. */
const readNow = (): FinishFallback => ({ atMs: Date.now(), source: 'observed' });

/** "Fetch Test Event": the most recent matching run, with its rows; the stored state is left alone. */
async function testEvent(this: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][]> {
	const runs = await listPage.call(this, settings, settings.runsPerPoll, statusFilterFor(settings.events));
	const run = latestFinishedRun(runs, settings.events);
	if (run === undefined) {
		throw new NodeOperationError(this.getNode(), 'No finished Sixtyfour run matches the trigger yet', {
			description: `None of the ${runs.length} most recent runs${settings.workflowId ? ` of workflow "${settings.workflowId}"` : ''} ended as ${settings.events.join(' or ')}. Start a run, wait for it to finish, and fetch again.`,
		});
	}
	return [itemsForRun(run, settings.output, readNow(), await readRunResults.call(this, run, settings))];
}

/**
 * Emits the runs that finished since the last poll, in completion order, each exactly once (see
 * runTracker.ts for why none is lost). A run whose results cannot be read holds back no other run:
 * it is retried at the next polls and fires with `results_error` after MAX_FAILED_READS of them.
 * Only a failed runs list fails the poll, and then the stored state is left as it was.
 */
export async function pollFinishedRuns(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(this);
	if (this.getMode() === 'manual') return await testEvent.call(this, settings);

	const staticData = this.getWorkflowStaticData('node');
	const stored = readPollState(staticData);
	if (stored === undefined) {
		const baseline = baselineState(await listPage.call(this, settings, settings.runsPerPoll), settings.events);
		writePollState(staticData, baseline);
		this.logger.debug('Sixtyfour Trigger: baseline recorded', { cursor: baseline.cursor, inFlight: Object.keys(baseline.inFlight).length });
		return null;
	}

	const round = new PollRound(stored, settings.events);
	await observeRuns.call(this, settings, stored, round);

	const items: INodeExecutionData[] = [];
	for (const run of round.due()) {
		let results: RunResults | undefined;
		try {
			results = await readRunResults.call(this, run, settings);
		} catch (error) {
			const reason = asNodeError(this.getNode(), error).message;
			// A failed or cancelled run's files are as complete as they will get: retrying cannot help.
			const final = error instanceof NodeOperationError && run.status !== 'completed';
			if (!final && !round.failRead(run)) {
				this.logger.error(`Sixtyfour Trigger: results of run "${run.job_id}" could not be read; it is retried at the next poll. ${reason}`, {
					runId: run.job_id,
				});
				continue;
			}
			this.logger.warn(`Sixtyfour Trigger: run "${run.job_id}" fires without its rows: ${reason}`);
			results = { files: [], error: reason };
		}
		appendAll(items, itemsForRun(run, settings.output, readNow(), results));
		round.fire(run);
	}

	writePollState(staticData, round.finish());
	return items.length > 0 ? [items] : null;
}
