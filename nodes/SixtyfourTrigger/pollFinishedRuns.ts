import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { isFinished, MAX_RUNS_WINDOW, type RunSummary } from '../shared/helpers/apiTypes';
import { getLiveStatus, listRuns } from '../shared/transport/runRequests';
import { dropBaseline, keepBaseline, keptBaseline } from './helpers/activationBaseline';
import { latestFinishedRun } from './helpers/finishedRuns';
import { readPollState, writePollState, type PollState } from './helpers/pollState';
import { statusFilterFor } from './helpers/runQuery';
import { baselineState, pageFallsShort, PollRound, reachesHorizon } from './helpers/runTracker';
import { summaryFromLiveStatus } from './helpers/summaryFromLiveStatus';
import { itemsForRun } from '../shared/triggerItems';
import { fireDueRuns, readNow, readRunResults } from './fireDueRuns';
import { startPollDeadline } from './pollDeadline';
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
 * The state to start from: the node's own, else the baseline the activation poll kept for n8n's
 * durable scheduler (activationBaseline.ts). Undefined when there is neither: a first activation.
 */
function startingState(this: IPollFunctions, nodeData: IDataObject, workflowData: IDataObject): PollState | undefined {
	const nodeName = this.getNode().name;
	const own = readPollState(nodeData);
	if (own !== undefined) {
		dropBaseline(workflowData, nodeName);
		return own;
	}
	const kept = keptBaseline(workflowData, nodeName);
	if (kept !== undefined) this.logger.debug('Sixtyfour Trigger: starting from the baseline recorded at activation', { cursor: kept.cursor });
	return kept;
}

/**
 * Emits the runs that finished since the last poll, in completion order, each exactly once (see
 * runTracker.ts for why none is lost), within the time n8n gives the poll. Only a failed runs list
 * fails the poll, and then the stored state is left as it was.
 */
export async function pollFinishedRuns(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(this);
	if (this.getMode() === 'manual') return await testEvent.call(this, settings);

	const deadline = startPollDeadline(this);
	const nodeData = this.getWorkflowStaticData('node');
	const workflowData = this.getWorkflowStaticData('global');
	const stored = startingState.call(this, nodeData, workflowData);
	if (stored === undefined) {
		const baseline = baselineState(await listPage.call(this, settings, settings.runsPerPoll), settings.events);
		writePollState(nodeData, baseline);
		keepBaseline(workflowData, this.getNode().name, baseline);
		this.logger.debug('Sixtyfour Trigger: baseline recorded', { cursor: baseline.cursor, inFlight: Object.keys(baseline.inFlight).length });
		return null;
	}

	const round = new PollRound(stored, settings.events);
	await observeRuns.call(this, settings, stored, round);
	const { items, fired, leftForNextPoll } = await fireDueRuns.call(this, settings, round, deadline);
	writePollState(nodeData, round.finish());
	if (deadline !== undefined) {
		this.logger.debug(
			`Sixtyfour Trigger: poll finished in ${Date.now() - deadline.startedAt} ms of its ${deadline.budgetMs} ms budget; ${fired} runs fired, ${leftForNextPoll} left for the next poll`,
		);
	}
	return items.length > 0 ? [items] : null;
}
