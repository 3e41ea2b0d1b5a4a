import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { appendAll } from '../../shared/helpers/appendAll';
import { asNodeError } from '../../shared/nodeError';
import { itemParameters } from '../../shared/parameterReader';
import { useRetryLimits } from '../../shared/transport/sixtyfourRequest';
import type { NodeMode } from '../nodeVersions';
import { readRetryLimits } from '../settings/retryLimits';
import type { Operation } from './operation';

type ItemExecute = (this: IExecuteFunctions, itemIndex: number, mode: NodeMode) => Promise<INodeExecutionData[]>;

/**
 * An operation that works item by item (every Run operation): each item with its own retry limits,
 * and under Continue On Fail an item that fails becomes an error item.
 */
export function eachItem(executeItem: ItemExecute): Operation['execute'] {
	return async function (this: IExecuteFunctions, items: INodeExecutionData[], mode: NodeMode) {
		let output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				useRetryLimits(this, readRetryLimits(itemParameters(this, itemIndex), 'options'));
				const produced = await executeItem.call(this, itemIndex, mode);
				// The first item's output is taken as it is: a million result rows are not copied again.
				if (output.length === 0) output = produced;
				else appendAll(output, produced);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
			}
		}
		return output;
	};
}
