import { LoadOptionsContext } from 'n8n-core';
import type { INodeType } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import { singleNodeWorkflow } from './singleNodeWorkflow';

/** A node as the editor has it open: what its list searches and mapper loaders run against. */
export interface EditorNodeOptions {
	nodeType: INodeType;
	credentials?: HarnessCredentials;
	/** The node as it stands in the editor (its current parameters). */
	node?: Partial<HarnessNode>;
	/** The path of the parameter being loaded, as n8n passes it (e.g. 'parameters.columns'). */
	parameterPath?: string;
}

let loadCount = 0;

/** A real LoadOptionsContext for the node, as n8n builds one for the editor's requests. */
export function loadOptionsContext(options: EditorNodeOptions, purpose: string): LoadOptionsContext {
	const { workflow, node } = singleNodeWorkflow(options);
	return new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(options.credentials ?? {}),
			executionId: `harness-${purpose}-${++loadCount}`,
			currentNodeParameters: node.parameters,
		}),
		options.parameterPath ?? '',
	);
}
