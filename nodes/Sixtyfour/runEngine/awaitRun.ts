import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type JsonObject,
} from 'n8n-workflow';

import type { LiveStatus } from '../../shared/helpers/apiTypes';
import { firstBlockError, summarizeLiveStatus } from '../helpers/runStatusSummary';
import type { WaitOutcome } from '../helpers/waitForRun';
import { resultItems } from './resultItems';
import type { RowPairing } from './rowPairing';
import type { ResultSettings } from '../settings/resultSettings';
import type { WaitSettings } from '../settings/waitSettings';
import { asNodeError } from '../../shared/nodeError';
import { cancelRun, getLiveStatus, listRuns } from '../../shared/transport/runRequests';
import { waitSharingChecks } from './waitSharing';

function describeProgress(status: LiveStatus): string {
	const progress = status.overall_progress_percentage;
	// A status from the shared runs list carries no progress.
	const percent = progress === null || progress === undefined ? '' : ` ${Number(progress).toFixed(1)}%`;
	const block = status.current_block
		? `, block ${status.current_block_sequence ?? '?'}/${status.total_blocks ?? '?'} ${status.current_block}`
		: '';
	return `${status.overall_status}${percent}${block}`;
}

/** "90 minutes", "2.5 minutes", "18 seconds": what the user set, readably. */
function formatDuration(ms: number): string {
	if (ms < 60_000) return `${Math.round(ms / 100) / 10} seconds`;
	return `${Math.round((ms / 60_000) * 10) / 10} minutes`;
}

/** Why a failed run failed: the runs list carries error_message and status_reason, live status only block errors. */
async function failureOf(this: IExecuteFunctions, status: LiveStatus) {
	const runs = await listRuns.call(this, { workflowId: status.workflow_id, limit: 500 });
	const run = runs.find((candidate) => candidate.job_id === status.run_id);
	return {
		errorMessage: run?.error_message ?? firstBlockError(status) ?? 'no error message given',
		statusReason: run?.status_reason ?? null,
	};
}

/**
 * Waits for a run to finish and turns the outcome into items: its results when completed, an error
 * when it failed, and what the user chose for timeouts, cancelled runs and a stopped execution.
 */
export async function awaitRun(
	this: IExecuteFunctions,
	runId: string,
	wait: WaitSettings,
	results: ResultSettings,
	pairing: RowPairing,
	startedAtMs?: number,
): Promise<INodeExecutionData[]> {
	const signal = this.getExecutionCancelSignal();
	let outcome: WaitOutcome;
	try {
		outcome = await waitSharingChecks.call(
			this,
			runId,
			{ timeoutMs: wait.timeoutMs, schedule: wait.schedule, startedAtMs },
			(status, polls) => this.logger.info(`Sixtyfour run ${runId}: ${describeProgress(status)} (check ${polls})`),
		);
	} catch (error) {
		// A stop that lands during a status check aborts the request; it is the same stop as one between checks.
		if (!signal?.aborted) throw asNodeError(this.getNode(), error);
		outcome = { kind: 'cancelled', polls: 0 };
	}

	if (outcome.kind === 'cancelled') {
		if (wait.cancelOnStop) await cancelRun.call(this, runId, true);
		throw new NodeOperationError(
			this.getNode(),
			`The execution was stopped while waiting for Sixtyfour run "${runId}"`,
			{
				description: wait.cancelOnStop
					? 'The Sixtyfour run was cancelled too.'
					: 'The Sixtyfour run goes on; get its results later with Run → Get Results.',
			},
		);
	}

	const { status } = outcome;
	if (outcome.kind === 'timedOut') {
		if (wait.onTimeout === 'returnStatus') {
			// The last check may have been the shared runs list, which tells no progress or blocks: ask the run itself.
			const live = await getLiveStatus.call(this, runId);
			const json: IDataObject = { ...summarizeLiveStatus(live), timed_out: true };
			if (wait.forAgent) {
				json.next_step = `The run is still going at Sixtyfour and is not billed again by checking it. Check it later with Get Status or Get Results and job_id "${runId}"; do not start it again.`;
			}
			return [{ json, pairedItem: pairing.run }];
		}
		if (wait.onTimeout === 'cancel') await cancelRun.call(this, runId);
		throw new NodeOperationError(
			this.getNode(),
			`Sixtyfour run "${runId}" did not finish within ${formatDuration(wait.timeoutMs)} (${describeProgress(status)})`,
			{
				description:
					wait.onTimeout === 'cancel'
						? 'The run was cancelled. Raise the timeout for larger inputs.'
						: 'The run goes on at Sixtyfour. Raise the timeout, or choose "Return Run Status" and pick it up later with Run → Wait for Completion.',
			},
		);
	}

	if (status.overall_status === 'failed') {
		const { errorMessage, statusReason } = await failureOf.call(this, status);
		throw new NodeApiError(
			this.getNode(),
			{ run_id: runId, error_message: errorMessage, status_reason: statusReason } as JsonObject,
			{
				message: `Sixtyfour run "${runId}" failed: ${errorMessage}`,
				description: `${statusReason ? `Reason: ${statusReason}. ` : ''}Open the run in the Sixtyfour app for details, then start it again.`,
			},
		);
	}
	if (status.overall_status === 'cancelled' && !wait.partialResults) {
		throw new NodeOperationError(this.getNode(), `Sixtyfour run "${runId}" was cancelled`, {
			description:
				'Turn on "Partial Results of Cancelled Runs" to get the rows it finished before it was cancelled.',
		});
	}
	return await resultItems.call(this, runId, results, pairing, status.overall_status === 'completed');
}
