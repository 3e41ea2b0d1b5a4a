import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeType } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import { singleNodeWorkflow } from './singleNodeWorkflow';

export interface ListSearchOptions {
	nodeType: INodeType;
	/** The name of the function under `methods.listSearch`. */
	method: string;
	/** What the user typed into the list's search box. */
	filter?: string;
	/** The token the previous page returned, when the user scrolls on. */
	paginationToken?: string;
	credentials?: HarnessCredentials;
	/** The node as it stands in the editor (its current parameters). */
	node?: Partial<HarnessNode>;
	/** The path of the parameter whose list is opened, as n8n passes it (e.g. 'parameters.workflow'). */
	parameterPath?: string;
}

let searchCount = 0;

/** Runs a node's `methods.listSearch[method]` through a real LoadOptionsContext, as the editor does. */
export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const search = options.nodeType.methods?.listSearch?.[options.method];
	if (search === undefined) {
		throw new ApplicationError(
			`Node type "${options.nodeType.description.name}" has no listSearch method "${options.method}"`,
		);
	}
	const { workflow, node } = singleNodeWorkflow(options);
	const context = new LoadOptionsContext(
		workflow,
		node,
		createAdditionalData({
			credentialsHelper: new HarnessCredentialsHelper(options.credentials ?? {}),
			executionId: `harness-list-search-${++searchCount}`,
			currentNodeParameters: node.parameters,
		}),
		options.parameterPath ?? '',
	);
	return await search.call(context, options.filter, options.paginationToken);
}
