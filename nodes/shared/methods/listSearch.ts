import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listRuns } from '../transport/runRequests';
import { listWorkflows } from '../transport/workflowRequests';
import { MAX_RUNS_WINDOW } from '../helpers/apiTypes';
import { runsForList } from '../helpers/runsForList';
import { workflowsFromRuns } from '../helpers/workflowsFromRuns';
import { FROM_RUNS_HISTORY, workflowsForList } from '../helpers/workflowsForList';

/**
 * Every workflow, from GET /workflows. Where that endpoint is missing (404, 405) or closed to the
 * key (403), the workflows seen in the recent runs history instead: n8n's list has no place for a
 * note, so each of their names says where it came from, and one never run needs By ID.
 */
export async function searchWorkflows(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const workflows = await listWorkflows.call(this);
	if (workflows.kind === 'read') return { results: workflowsForList(workflows.value, filter) };
	this.logger.debug(`Sixtyfour GET /workflows answered ${workflows.status}; listing the workflows of the runs history`);
	const runs = await listRuns.call(this, { limit: MAX_RUNS_WINDOW });
	const results = workflowsFromRuns(runs, filter).map((item) => ({ ...item, name: item.name + FROM_RUNS_HISTORY }));
	return { results };
}

/** The most recently queued runs, for the Run resource locator. */
export async function searchRuns(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const runs = await listRuns.call(this, { limit: MAX_RUNS_WINDOW });
	return { results: runsForList(runs, filter) };
}
