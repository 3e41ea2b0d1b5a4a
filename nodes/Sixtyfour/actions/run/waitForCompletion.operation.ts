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
import { resultOptions, resultOutputFields, retryOptions, runIdFields, waitOptions } from '../common.descriptions';
import { readResultSettings } from '../../settings/resultSettings';
import { readWaitSettings } from '../../settings/waitSettings';
import { awaitRun } from '../../runEngine/awaitRun';

const properties: INodeProperties[] = [...runIdFields(), ...resultOutputFields, waitOptions, resultOptions, retryOptions];

export const option: Operation['option'] = {
	name: 'Wait for Completion',
	value: 'waitForCompletion',
	description: 'Wait until a run has finished, then get its enriched rows. Costs no credits; waits.',
	action: 'Wait for a run to finish and get its rows at no charge',
};

export const description = updateDisplayOptions(
	{ show: { resource: ['run'], operation: ['waitForCompletion'] } },
	properties,
);

export const execute = eachItem(async function waitForCompletion(this: IExecuteFunctions, itemIndex: number, mode: NodeMode): Promise<INodeExecutionData[]> {
	const parameters = itemParameters(this, itemIndex);
	const runId = readRunId(parameters);
	const wait = readWaitSettings(parameters, mode);
	const results = readResultSettings(parameters, mode);
	return await awaitRun.call(this, runId, wait, results, { run: [{ item: itemIndex }] });
});
