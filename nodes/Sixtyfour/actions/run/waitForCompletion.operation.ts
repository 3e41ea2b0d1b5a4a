import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { resultOptions, resultOutputFields, retryOptions, runIdFields, waitOptions } from '../common.descriptions';
import { readResultSettings, readRunId, readWaitSettings } from '../parameters';
import { awaitRun } from './awaitRun';

const properties: INodeProperties[] = [...runIdFields(), ...resultOutputFields, waitOptions, resultOptions, retryOptions];

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['waitForCompletion'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const runId = readRunId(this, itemIndex);
	const wait = readWaitSettings(this, itemIndex);
	const results = readResultSettings(this, itemIndex);
	return await awaitRun.call(this, runId, wait, results, { run: [{ item: itemIndex }] });
}
