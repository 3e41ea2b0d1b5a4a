import { LoadOptionsContext } from 'n8n-core';
import type { INodeType, ResourceMapperFields } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import { singleNodeWorkflow } from './singleNodeWorkflow';

export interface ResourceMappingOptions {
	nodeType: INodeType;
	/** The name of the function under `methods.resourceMapping`. */
	method: string;
	credentials?: HarnessCredentials;
	/** The node as it stands in the editor (its current parameters). */
	node?: Partial<HarnessNode>;
	/** The path of the resource mapper parameter, as n8n passes it (e.g. 'parameters.columns'). */
	parameterPath?: string;
}

let loadCount = 0;

/** Runs a node's `methods.resourceMapping[method]` through a real LoadOptionsContext, as the editor does to load a mapper's columns. */
export async function runResourceMapping(options: ResourceMappingOptions): Promise<ResourceMapperFields> {
	const load = options.nodeType.methods?.resourceMapping?.[options.method];
	if (load === undefined) {
		throw new ApplicationError(
			`Node type "${options.nodeType.description.name}" has no resourceMapping method "${options.method}"`,
		);
	}
	const { workflow, node } = singleNodeWorkflow(options);
	const context = new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(options.credentials ?? {}),
			executionId: `harness-resource-mapping-${++loadCount}`,
			currentNodeParameters: node.parameters,
		}),
		options.parameterPath ?? '',
	);
	return await load.call(context);
}
