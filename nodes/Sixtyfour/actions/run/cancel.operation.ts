import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { retryOptions, runIdFields } from '../common.descriptions';
import { readRunId } from '../parameters';
import { isObject, text } from '../../../shared/helpers/apiAnswers';
import { isFinished } from '../../../shared/helpers/apiTypes';
import { cancelRun, getLiveStatus } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [
	...runIdFields(
		'The job_id of the run to cancel. A run that has already finished keeps its status; that is not an error.',
	),
	retryOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['cancel'] } },
	properties,
);

/**
 * Sixtyfour answers a cancel of a finished run with its status unchanged, so an answer of
 * `cancelled` cannot tell a run this request stopped from one cancelled before. The run's status is
 * read first: `cancelled` is true only when the run had not finished and is cancelled now;
 * `status_before` says what it was (as the live status gave it, null when it gave none).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const live: unknown = await getLiveStatus.call(this, runId);
	const before = isObject(live) ? text(live.overall_status) : null;
	const answer: unknown = await cancelRun.call(this, runId);
	const status = isObject(answer) ? text(answer.status) : null;
	const jobId = isObject(answer) ? text(answer.job_id) : null;
	return [
		{
			json: { job_id: jobId ?? runId, status, status_before: before, cancelled: status === 'cancelled' && !isFinished(before) },
			pairedItem: { item: itemIndex },
		},
	];
}
