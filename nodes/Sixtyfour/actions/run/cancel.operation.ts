import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { eachItem } from '../eachItem';
import type { Operation } from '../operation';
import { itemParameters, readRunId } from '../../../shared/parameterReader';
import { retryOptions, runIdFields } from '../common.descriptions';
import { isObject, text } from '../../../shared/helpers/apiAnswers';
import { isFinished } from '../../../shared/helpers/apiTypes';
import { cancelRun, getLiveStatus } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [
	...runIdFields(
		'The job_id of the run to cancel. A run that has already finished keeps its status; that is not an error.',
	),
	retryOptions,
];

export const option: Operation['option'] = {
	name: 'Cancel',
	value: 'cancel',
	description: 'Stop a queued or running run by its job ID; a finished run keeps its status. Answers at once.',
	action: 'Cancel a queued or running run by job ID',
};

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
export const execute = eachItem(async function cancel(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const runId = readRunId(parameters);
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
});
