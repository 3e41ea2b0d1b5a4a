import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listRuns } from '../transport/runRequests';
import { MAX_RUNS_WINDOW } from '../helpers/apiTypes';
import { runsForList } from '../helpers/runsForList';
import { workflowsFromRuns } from '../helpers/workflowsFromRuns';

/**
 * The API has no list-workflows endpoint, so the list is the workflows seen in the recent runs
 * history, named by workflow_name.
 */
export async function searchWorkflows(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const runs = await listRuns.call(this, { limit: MAX_RUNS_WINDOW });
	return { results: workflowsFromRuns(runs, filter) };
}

/** The most recently queued runs, for the Run resource locator. */
export async function searchRuns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const runs = await listRuns.call(this, { limit: MAX_RUNS_WINDOW });
	return { results: runsForList(runs, filter) };
}
