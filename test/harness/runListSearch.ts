import type { INodeListSearchResult } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { loadOptionsContext, type EditorNodeOptions } from './loadOptionsContext';

export interface ListSearchOptions extends EditorNodeOptions {
	/** The name of the function under `methods.listSearch`. */
	method: string;
	/** What the user typed into the list's search box. */
	filter?: string;
	/** The token the previous page returned, when the user scrolls on. */
	paginationToken?: string;
}

/** Runs a node's `methods.listSearch[method]` through a real LoadOptionsContext, as the editor does. */
export async function runListSearch(options: ListSearchOptions): Promise<INodeListSearchResult> {
	const search = options.nodeType.methods?.listSearch?.[options.method];
	if (search === undefined) {
		throw new ApplicationError(
			`Node type "${options.nodeType.description.name}" has no listSearch method "${options.method}"`,
		);
	}
	return await search.call(loadOptionsContext(options, 'list-search'), options.filter, options.paginationToken);
}
