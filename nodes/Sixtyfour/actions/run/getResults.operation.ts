import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { eachItem } from '../eachItem';
import type { Operation } from '../operation';
import type { NodeMode } from '../../nodeVersions';
import { itemParameters, readRunId } from '../../../shared/parameterReader';
import { resultItems } from '../../runEngine/resultItems';
import { resultOptions, resultOutputFields, retryOptions, runIdFields } from '../common.descriptions';
import { readResultSettings } from '../../settings/resultSettings';
import { getLiveStatus } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [...runIdFields(), ...resultOutputFields, resultOptions, retryOptions];

export const option: Operation['option'] = {
	name: 'Get Results',
	value: 'getResults',
	description: 'Get the enriched rows (or files) of a finished run by its job ID. Costs no credits; answers at once.',
	action: 'Get the enriched rows of a run by job ID at no charge',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getResults'] } },
	properties,
);

export const execute = eachItem(async function getResults(this: IExecuteFunctions, itemIndex: number, mode: NodeMode): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const runId = readRunId(parameters);
	const settings = readResultSettings(parameters, mode);
	// Only a run without files yet costs a status check: a completed one waits for them.
	const completed = async () => (await getLiveStatus.call(this, runId)).overall_status === 'completed';
	return await resultItems.call(this, runId, settings, { run: [{ item: itemIndex }] }, completed);
});
