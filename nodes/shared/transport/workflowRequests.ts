import { readEntries, readWorkflowDetail, readWorkflowEntry } from '../helpers/apiAnswers';
import type { WorkflowDetail, WorkflowSummary } from '../helpers/apiTypes';
import { sixtyfourApiRequestUnless, type ReadOrUnavailable, type SixtyfourContext, type SixtyfourRequest } from './sixtyfourRequest';

/**
 * The two read-only workflow endpoints. Not every deployment serves them (404, or 405 from a proxy)
 * and not every key may use them (403); callers then fall back to what they did before, so those
 * answers come back as `unavailable` rather than as errors. Anything else fails as usual.
 */

const UNAVAILABLE_STATUSES = [403, 404, 405];

async function readUnlessUnavailable<T>(
	context: SixtyfourContext,
	request: SixtyfourRequest,
	read: (answer: unknown) => T,
): Promise<ReadOrUnavailable<T>> {
	const answer = await sixtyfourApiRequestUnless.call(context, request, UNAVAILABLE_STATUSES);
	return answer.kind === 'read' ? { kind: 'read', value: read(answer.value) } : answer;
}

/** GET /workflows: every workflow of the organisation. */
export async function listWorkflows(this: SixtyfourContext): Promise<ReadOrUnavailable<WorkflowSummary[]>> {
	return await readUnlessUnavailable(this, { method: 'GET', path: ['workflows'] }, (answer) =>
		readEntries(answer, readWorkflowEntry),
	);
}

/**
 * GET /workflows/{workflow_id}. An unknown workflow is `unavailable` too: starting it then fails
 * with the 404 of the run request, which names it.
 */
export async function getWorkflow(this: SixtyfourContext, workflowId: string): Promise<ReadOrUnavailable<WorkflowDetail | undefined>> {
	return await readUnlessUnavailable(this, { method: 'GET', path: ['workflows', workflowId] }, readWorkflowDetail);
}
