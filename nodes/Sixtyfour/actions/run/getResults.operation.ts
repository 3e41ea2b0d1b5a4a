import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { resultItems } from '../../results/resultItems';
import { resultOptions, resultOutputFields, runIdField } from '../common.descriptions';
import { readResultSettings, readRunId } from '../parameters';

const properties: INodeProperties[] = [runIdField, ...resultOutputFields, resultOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['getResults'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const settings = readResultSettings(this, itemIndex);
	return await resultItems.call(this, runId, settings, [{ item: itemIndex }]);
}
