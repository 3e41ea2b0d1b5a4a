import type { IDataObject } from 'n8n-workflow';

import { readEntries, readRunEntry } from '../helpers/apiAnswers';
import type { CancelAnswer, LiveStatus, RunStarted, RunSummary } from '../helpers/apiTypes';
import { sixtyfourApiRequest, type SixtyfourContext } from './sixtyfourRequest';
import { readStartAnswer } from './startAnswer';

/** The Workflows API's endpoints, one function each, all through the one transport. */

export interface StartRunRequest {
	workflowId: string;
	body: IDataObject;
	idempotencyKey: string;
	qs?: IDataObject;
}

export async function startRun(this: SixtyfourContext, request: StartRunRequest): Promise<RunStarted> {
	const answer = await sixtyfourApiRequest.call(this, {
		method: 'POST',
		path: ['workflows', 'run'],
		qs: { ...request.qs, workflow_id: request.workflowId },
		body: request.body,
		idempotencyKey: request.idempotencyKey,
		subject: { workflowId: request.workflowId },
	});
	return readStartAnswer(this, answer, request.workflowId);
}

export interface ListRunsFilter {
	status?: string;
	workflowId?: string;
	limit: number;
}

export async function listRuns(this: SixtyfourContext, filter: ListRunsFilter): Promise<RunSummary[]> {
	const qs: IDataObject = { limit: filter.limit };
	if (filter.status) qs.status = filter.status;
	if (filter.workflowId) qs.workflow_id = filter.workflowId;
	const runs = await sixtyfourApiRequest.call(this, {
		method: 'GET',
		path: ['workflows', 'runs'],
		qs,
		subject: filter.workflowId ? { workflowId: filter.workflowId } : {},
	});
	return readEntries(runs, readRunEntry);
}

export async function getLiveStatus(this: SixtyfourContext, runId: string): Promise<LiveStatus> {
	return (await sixtyfourApiRequest.call(this, {
		method: 'GET',
		path: ['workflows', 'runs', runId, 'live_status'],
		subject: { runId },
	})) as LiveStatus;
}

export async function cancelRun(
	this: SixtyfourContext,
	runId: string,
	evenIfCancelled = false,
): Promise<CancelAnswer> {
	return (await sixtyfourApiRequest.call(this, {
		method: 'POST',
		path: ['workflows', 'cancel'],
		qs: { job_id: runId },
		body: {},
		// Cancelling twice is harmless, so a failed try may be repeated.
		safeToRetry: true,
		subject: { runId },
		evenIfCancelled,
	})) as CancelAnswer;
}
