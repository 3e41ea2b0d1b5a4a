import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { NodeMode } from '../nodeVersions';

/**
 * What an operation file exports. A resource lists its operations (`<Resource>.resource.ts`); the
 * router finds one by its value, and the node's Operation lists and subtitle are built from them.
 */
export interface Operation {
	/** Its parameters, shown for its resource and operation only. */
	description: INodeProperties[];
	/** Its entry in the resource's Operation list. */
	option: INodePropertyOptions & { value: string; action: string };
	/** Under the node's name on the canvas ("Sixtyfour workflow" apart from n8n's own workflows). */
	subtitle: string;
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

/** The node's subtitle: its operation's subtitle, or the operation's value for one it does not know. */
export function subtitleOf(operations: Operation[]): string {
	const byValue = Object.fromEntries(operations.map((operation) => [operation.option.value, operation.subtitle]));
	return `={{ ${JSON.stringify(byValue)}[$parameter["operation"]] || $parameter["operation"] }}`;
}
