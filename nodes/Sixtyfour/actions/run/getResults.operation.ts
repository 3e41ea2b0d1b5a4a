import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { resultItems } from '../resultItems';
import { resultOptions, resultOutputFields, retryOptions, runIdFields } from '../common.descriptions';
import { readResultSettings, readRunId } from '../parameters';
import { getLiveStatus } from '../../../shared/transport/runRequests';

const properties: INodeProperties[] = [...runIdFields(), ...resultOutputFields, resultOptions, retryOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getResults'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const settings = readResultSettings(this, itemIndex);
	// Only a run without files yet costs a status check: a completed one waits for them.
	const completed = async () => (await getLiveStatus.call(this, runId)).overall_status === 'completed';
	return await resultItems.call(this, runId, settings, { run: [{ item: itemIndex }] }, completed);
}
