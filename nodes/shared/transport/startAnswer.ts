import { NodeApiError, type JsonObject } from 'n8n-workflow';

import { isObject, text } from '../helpers/apiAnswers';
import type { RunStarted } from '../helpers/apiTypes';
import { describeValue } from '../helpers/describeValue';
import type { SixtyfourContext } from './sixtyfourRequest';

/**
 * The answer to a run start, read rather than cast: without a job_id there is no run to wait for,
 * return or cancel, and waiting on run "undefined" would only hide that. The run may have been
 * started (and billed) all the same, so the error says where to look before starting again.
 */
export function readStartAnswer(context: SixtyfourContext, answer: unknown, workflowId: string): RunStarted {
	const jobId = isObject(answer) ? text(answer.job_id) : null;
	if (isObject(answer) && jobId !== null) return { ...answer, job_id: jobId } as unknown as RunStarted;
	const got = isObject(answer) ? `an answer without a job_id (job_id: ${describeValue(answer.job_id)})` : describeValue(answer);
	// The answer stays out of the error's response: n8n would take a `status` field in it ("queued") for the HTTP code.
	throw new NodeApiError(context.getNode(), { request: 'POST /workflows/run' } as JsonObject, {
		message: `Sixtyfour answered the start of a run of workflow "${workflowId}" with ${got}, so there is no run to wait for`,
		description: `A run may have started all the same: check the runs of workflow "${workflowId}" in the Sixtyfour app before running this step again.`,
	});
}
