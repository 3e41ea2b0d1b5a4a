import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { asNodeError } from '../Sixtyfour/actions/nodeError';
import { appendAll } from '../Sixtyfour/helpers/appendAll';
import { MAX_RUNS_WINDOW } from '../Sixtyfour/helpers/apiTypes';
import { listRuns } from '../Sixtyfour/actions/runRequests';
import type { RunSummary } from '../Sixtyfour/helpers/apiTypes';
import { readResultRows } from '../Sixtyfour/results/readResultRows';
import { latestFinishedRun, matchingFinishedRuns, selectNewRuns } from './helpers/finishedRuns';
import { advanceState, EMPTY_STATE, readPollState, stateEquals, type PollState } from './helpers/pollState';
import { pageMayHaveOverflowed, statusFilterFor } from './helpers/runQuery';
import { itemsForRun, type RunResults } from './helpers/triggerItems';
import { readTriggerSettings, type TriggerSettings } from './triggerSettings';

async function listPage(this: IPollFunctions, settings: TriggerSettings, limit: number): Promise<RunSummary[]> {
	return await listRuns.call(this, {
		status: statusFilterFor(settings.events),
		workflowId: settings.workflowId,
		limit,
	});
}

/**
 * The runs list as far as it can show what finished since the cursor. The API has no paging: when
 * a full page does not reach back to a run seen before, more runs may have finished than it holds,
 * so the largest page (500) is fetched instead. The limit: a run is seen only while it is among the
 * 500 most recently queued runs (of the status filter), and among the "Runs per Poll" most recent
 * unless the page hints at more. A run that finishes after more runs than that were queued behind
 * it, and finished, between two polls, is out of sight.
 */
async function listRecentRuns(this: IPollFunctions, settings: TriggerSettings, state: PollState): Promise<RunSummary[]> {
	let runs = await listPage.call(this, settings, settings.runsPerPoll);
	if (!pageMayHaveOverflowed(runs, settings.runsPerPoll, state)) return runs;
	if (settings.runsPerPoll < MAX_RUNS_WINDOW) {
		this.logger.warn(
			`Sixtyfour Trigger: the page of ${runs.length} runs reaches back to no run seen before, so more may have finished; fetching the largest page (${MAX_RUNS_WINDOW}). Raise "Runs per Poll" if this happens often.`,
		);
		runs = await listPage.call(this, settings, MAX_RUNS_WINDOW);
		if (!pageMayHaveOverflowed(runs, MAX_RUNS_WINDOW, state)) return runs;
	}
	this.logger.warn(
		`Sixtyfour Trigger: even the newest ${MAX_RUNS_WINDOW} runs reach back to no run seen before; runs that finished beyond them cannot be seen. Poll more often.`,
	);
	return runs;
}

/**
 * A run's result rows. A NodeApiError (Sixtyfour or the storage host failing) is thrown, so the run
 * is retried at the next poll. A NodeOperationError says the files cannot be read as asked (no file
 * for the chosen block, a file that is not CSV): retrying would fail forever and hold back every
 * later run, so the run is emitted with the reason instead.
 */
async function readRunResults(this: IPollFunctions, run: RunSummary, settings: TriggerSettings): Promise<RunResults | undefined> {
	if (settings.results === undefined) return undefined;
	try {
		return { files: await readResultRows.call(this, run.job_id, settings.results) };
	} catch (error) {
		if (error instanceof NodeOperationError) {
			this.logger.warn(`Sixtyfour Trigger: results of run "${run.job_id}" cannot be read: ${error.message}`);
			return { files: [], error: error.message };
		}
		throw asNodeError(this.getNode(), error);
	}
}

function writeState(staticData: IDataObject, state: PollState): void {
	staticData.cursor = state.cursor;
	staticData.idsAtCursor = state.idsAtCursor;
}

/** "Fetch Test Event": the most recent matching run, with its rows; the stored state is left alone. */
async function testEvent(this: IPollFunctions, settings: TriggerSettings): Promise<INodeExecutionData[][]> {
	const runs = await listPage.call(this, settings, settings.runsPerPoll);
	const run = latestFinishedRun(runs, settings.events);
	if (run === undefined) {
		throw new NodeOperationError(this.getNode(), 'No finished Sixtyfour run matches the trigger yet', {
			description: `None of the ${runs.length} most recent runs${settings.workflowId ? ` of workflow "${settings.workflowId}"` : ''} ended as ${settings.events.join(' or ')}. Start a run, wait for it to finish, and fetch again.`,
		});
	}
	return [itemsForRun(run, settings.output, await readRunResults.call(this, run, settings))];
}

/**
 * Emits the runs that finished since the last poll, in completion order, each exactly once.
 *
 * If a run's results cannot be fetched, the runs before it are emitted and the cursor stops just
 * before it, so it (and everything after it) comes again at the next poll. The error is thrown when
 * nothing could be emitted, so n8n reports a failed poll; when some runs were emitted it is logged
 * instead, because throwing would discard the emitted runs while the state already counts them.
 */
export async function pollFinishedRuns(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(this);
	if (this.getMode() === 'manual') return await testEvent.call(this, settings);

	const staticData = this.getWorkflowStaticData('node');
	const stored = readPollState(staticData);
	if (stored === undefined) {
		// The API's clock, not this machine's, orders completions: the baseline is the newest
		// completion seen, or "nothing yet" (null cursor) when no matching run has finished.
		const runs = await listPage.call(this, settings, settings.runsPerPoll);
		const baseline = advanceState(EMPTY_STATE, matchingFinishedRuns(runs, settings.events));
		writeState(staticData, baseline);
		this.logger.debug('Sixtyfour Trigger: baseline recorded', { ...baseline });
		return null;
	}

	const fresh = selectNewRuns(await listRecentRuns.call(this, settings, stored), stored, settings.events);
	const items: INodeExecutionData[] = [];
	const emitted: RunSummary[] = [];
	let failure: { run: RunSummary; error: unknown } | undefined;
	for (const run of fresh) {
		try {
			appendAll(items, itemsForRun(run, settings.output, await readRunResults.call(this, run, settings)));
		} catch (error) {
			failure = { run, error };
			break;
		}
		emitted.push(run);
	}

	const next = advanceState(stored, emitted);
	if (!stateEquals(next, stored)) writeState(staticData, next);

	if (failure !== undefined) {
		const error = asNodeError(this.getNode(), failure.error);
		if (emitted.length === 0) throw error;
		this.logger.error(
			`Sixtyfour Trigger: results of run "${failure.run.job_id}" could not be fetched; it will be retried at the next poll. ${error.message}`,
			{ runId: failure.run.job_id, httpCode: error instanceof NodeApiError ? error.httpCode : undefined },
		);
	}
	return items.length > 0 ? [items] : null;
}
