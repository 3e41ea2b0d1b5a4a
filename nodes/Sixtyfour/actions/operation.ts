import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { NodeMode } from '../nodeVersions';

/**
 * What an operation file exports. A resource lists its operations (`<Resource>.resource.ts`); the
 * router finds one by its value, and the resource's Operation list is built from their options.
 */
export interface Operation {
	/** Its parameters, shown for its resource and operation only. */
	description: INodeProperties[];
	/** Its entry in the resource's Operation list. */
	option: INodePropertyOptions & { value: string; action: string };
	execute(this: IExecuteFunctions, items: INodeExecutionData[], mode: NodeMode): Promise<INodeExecutionData[]>;
}

/** A resource's Operation parameter, its options in the alphabetical order n8n's lint asks for. */
export function operationProperty(resource: string, operations: Operation[], defaultOperation: string): INodeProperties {
	const options = operations.map((operation) => operation.option).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
