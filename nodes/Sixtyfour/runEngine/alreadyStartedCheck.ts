import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import type { RunStarted } from '../../shared/helpers/apiTypes';
import { MAX_RUNS_WINDOW } from '../../shared/helpers/apiTypes';
import { getLiveStatus, listRuns } from '../../shared/transport/runRequests';
import { inputRecordsOf, listedRecordsOf, startedRunMismatch, type SentStart, type StartedRunFacts } from '../helpers/alreadyStarted';

function mismatchError(context: IExecuteFunctions, answer: RunStarted, idempotencyKey: string, reason: string): NodeApiError {
	return new NodeApiError(context.getNode(), { job_id: answer.job_id, idempotency_key: idempotencyKey, already_started: true } as JsonObject, {
		message: `Sixtyfour answered with run "${answer.job_id}" as already started for this start's Idempotency-Key, but that run ${reason}`,
		description:
			'Its rows belong to other records, so none are returned as this batch\'s, and nothing was started for it. Start these records under another Idempotency Key (Options → Idempotency Key; left empty, each execution has its own).',
	});
}

/** The run's record count from the runs list, when the live status does not give it. */
async function listedInputRecords(this: IExecuteFunctions, workflowId: string, jobId: string): Promise<number | undefined> {
	const runs = await listRuns.call(this, { workflowId, limit: MAX_RUNS_WINDOW });
	const run = runs.find((candidate) => candidate.job_id === jobId);
	return run && listedRecordsOf(run);
}

/**
 * Checks a run answered `already_started` against what this start sent: its workflow (from the
 * answer and its live status) and its input's record count (live status, else the runs list).
 * A mismatch stops with a NodeApiError instead of handing over another batch's run.
 */
export async function checkAlreadyStarted(this: IExecuteFunctions, answer: RunStarted, sent: SentStart, idempotencyKey: string): Promise<void> {
	const fromAnswer = startedRunMismatch(sent, { workflowId: answer.workflow_id || undefined });
	if (fromAnswer) throw mismatchError(this, answer, idempotencyKey, fromAnswer);
	const status = await getLiveStatus.call(this, answer.job_id);
	const facts: StartedRunFacts = { workflowId: status.workflow_id || undefined, inputRecords: inputRecordsOf(status) };
	if (facts.inputRecords === undefined && !startedRunMismatch(sent, facts)) {
		facts.inputRecords = await listedInputRecords.call(this, sent.workflowId, answer.job_id);
	}
	const reason = startedRunMismatch(sent, facts);
	if (reason) throw mismatchError(this, answer, idempotencyKey, reason);
	if (facts.inputRecords === undefined) {
		this.logger.warn(
			`Sixtyfour run ${answer.job_id} was already started for this start's Idempotency-Key; Sixtyfour did not say how many records it holds, so only its workflow was checked`,
		);
	}
}
