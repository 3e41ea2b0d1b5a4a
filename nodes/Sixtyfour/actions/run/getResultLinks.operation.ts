import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { retryOptions, runIdFields } from '../common.descriptions';
import { readRunId } from '../parameters';
import { fetchResultLinks } from '../../../shared/results/resultLinks';

const properties: INodeProperties[] = [...runIdFields(), retryOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getResultLinks'] } },
	properties,
);

/** One item per result file link, as the API gives it (signed download_url valid for its expiry), plus job_id. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const links = await fetchResultLinks.call(this, runId);
	return links.map((link) => ({ json: { job_id: runId, ...link }, pairedItem: { item: itemIndex } }));
}
