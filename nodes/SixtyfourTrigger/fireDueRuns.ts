import { NodeOperationError, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { appendAll } from '../shared/helpers/appendAll';
import type { RunSummary } from '../shared/helpers/apiTypes';
import { asNodeError } from '../shared/nodeError';
import { readResultRows } from '../shared/results/readResultRows';
import { PollOutOfTime } from '../shared/transport/stopSignal';
import { itemsForRun, type FinishFallback, type RunResults } from '../shared/triggerItems';
import { MAX_SLOW_READS, type PollRound } from './helpers/runTracker';
import type { PollDeadline } from './pollDeadline';
import type { TriggerSettings } from './triggerSettings';

/** A run that carries no finish time is stamped with when the trigger read it. */
export const readNow = (): FinishFallback => ({ atMs: Date.now(), source: 'observed' });

/**
 * A run's result rows; a failure is thrown, for the caller to retry the run at the next poll. A
 * completed run must have files: while it has none yet, that is a failure too, without waiting in
 * the poll.
 */
export async function readRunResults(this: IPollFunctions, run: RunSummary, settings: TriggerSettings): Promise<RunResults | undefined> {
	if (settings.results === undefined) return undefined;
	const options = { ...settings.results, filesExpected: run.status === 'completed', maxFileWaitMs: 0 };
	return { files: await readResultRows.call(this, run.job_id, options) };
}

/** What a poll fired, and how many runs it left for the next poll (for its closing log line). */
export interface Firing {
	items: INodeExecutionData[];
	fired: number;
	leftForNextPoll: number;
}

/** Why a run whose rows outlasted MAX_SLOW_READS whole polls fires without them. */
function slowReadReason(deadline: PollDeadline): string {
	return `its rows could not be read within the time n8n gives a poll (${Math.round(deadline.budgetMs / 1000)} s), at ${MAX_SLOW_READS} polls; read them with Run → Get Results`;
}

/**
 * Reads the rows of the runs due, in completion order, and returns their items. A run whose results
 * cannot be read holds back no other run: it is retried at the next polls and fires with
 * `results_error` after MAX_FAILED_READS of them. Rows are read only while the poll has time: the
 * runs not read when it runs out are left, in their order, to the next poll; one whose rows outlast
 * MAX_SLOW_READS whole polls fires without them, so that it cannot starve the runs behind it.
 */
export async function fireDueRuns(
	this: IPollFunctions,
	settings: TriggerSettings,
	round: PollRound,
	deadline: PollDeadline | undefined,
): Promise<Firing> {
	const firing: Firing = { items: [], fired: 0, leftForNextPoll: 0 };
	let readsStarted = 0;
	for (const run of round.due()) {
		if (settings.results !== undefined && deadline?.signal.aborted) {
			round.leaveForNextPoll(run);
			firing.leftForNextPoll++;
			continue;
		}
		const firstRead = readsStarted++ === 0;
		let results: RunResults | undefined;
		try {
			results = await readRunResults.call(this, run, settings);
		} catch (error) {
			let reason: string;
			if (error instanceof PollOutOfTime && deadline !== undefined) {
				// Only a run read first had the poll's whole time: one read later may fit in the next.
				if (!(firstRead && round.slowRead(run))) {
					round.leaveForNextPoll(run);
					firing.leftForNextPoll++;
					continue;
				}
				reason = slowReadReason(deadline);
			} else {
				reason = asNodeError(this.getNode(), error).message;
				// A failed or cancelled run's files are as complete as they will get: retrying cannot help.
				const final = error instanceof NodeOperationError && run.status !== 'completed';
				if (!final && !round.failRead(run)) {
					this.logger.error(`Sixtyfour Trigger: results of run "${run.job_id}" could not be read; it is retried at the next poll. ${reason}`, {
						runId: run.job_id,
					});
					continue;
				}
			}
			this.logger.warn(`Sixtyfour Trigger: run "${run.job_id}" fires without its rows: ${reason}`);
			results = { files: [], error: reason };
		}
		appendAll(firing.items, itemsForRun(run, settings.output, readNow(), results));
		round.fire(run);
		firing.fired++;
	}
	return firing;
}
