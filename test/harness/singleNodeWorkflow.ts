import type { IDataObject, INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { HarnessCredentials } from './credentialsHelper';
import { nodeCredentialReferences } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import { HarnessNodeTypes, latestVersion } from './nodeTypes';

/** A workflow holding only `nodeType`, as n8n builds one to poll a trigger or to load a parameter's options. */
export function singleNodeWorkflow(options: {
	nodeType: INodeType;
	node?: Partial<HarnessNode>;
	credentials?: HarnessCredentials;
	/** The node's own static data, stored under its name as n8n keys it. */
	nodeStaticData?: IDataObject;
	/** The workflow's global static data. */
	globalStaticData?: IDataObject;
}): { workflow: Workflow; node: INode } {
	const { description } = options.nodeType;
	const node: INode = {
		id: 'node-under-test',
		name: description.defaults.name ?? description.displayName,
		type: description.name,
		typeVersion: latestVersion(options.nodeType),
		position: [0, 0],
		parameters: {},
		credentials: nodeCredentialReferences(options.credentials ?? {}),
		...options.node,
	};
	const workflow = new Workflow({
		id: 'harness-workflow',
		name: 'Harness workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes({ [node.type]: options.nodeType }),
		staticData: {
			...(options.nodeStaticData && { [`node:${node.name}`]: options.nodeStaticData }),
			...(options.globalStaticData && { global: options.globalStaticData }),
		},
		settings: { executionOrder: 'v1' },
	});
	return { workflow, node };
}
