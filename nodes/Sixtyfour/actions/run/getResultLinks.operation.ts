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
import { fetchResultLinks } from '../../../shared/results/resultLinks';

const properties: INodeProperties[] = [...runIdFields(), retryOptions];

export const option: Operation['option'] = {
	name: 'Get Result Links',
	value: 'getResultLinks',
	description: 'Get the signed download links of a run\'s result files, to pass a file on. Costs no credits; answers at once.',
	action: 'Get the result file links of a run at no charge',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getResultLinks'] } },
	properties,
);

/** One item per result file link, as the API gives it (signed download_url valid for its expiry), plus job_id. */
export const execute = eachItem(async function getResultLinks(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const runId = readRunId(parameters);
	const links = await fetchResultLinks.call(this, runId);
	return links.map((link) => ({ json: { job_id: runId, ...link }, pairedItem: { item: itemIndex } }));
});
