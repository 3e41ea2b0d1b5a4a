import type { ResourceMapperFields } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { loadOptionsContext, type EditorNodeOptions } from './loadOptionsContext';

export interface ResourceMappingOptions extends EditorNodeOptions {
	/** The name of the function under `methods.resourceMapping`. */
	method: string;
}

/** Runs a node's `methods.resourceMapping[method]` through a real LoadOptionsContext, as the editor does to load a mapper's columns. */
export async function runResourceMapping(options: ResourceMappingOptions): Promise<ResourceMapperFields> {
	const load = options.nodeType.methods?.resourceMapping?.[options.method];
	if (load === undefined) {
		throw new ApplicationError(
			`Node type "${options.nodeType.description.name}" has no resourceMapping method "${options.method}"`,
		);
	}
	return await load.call(loadOptionsContext(options, 'resource-mapping'));
}
