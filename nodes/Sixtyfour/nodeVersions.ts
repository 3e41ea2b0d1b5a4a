import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * The action node's versions and tool modes, in one place.
 *
 * n8n saves a parameter only when it differs from its default, and fills in today's default for what
 * a workflow did not save; so a changed default, or a new option whose default changes the output,
 * would silently change workflows saved by 0.1.0. Version 1 keeps 0.1.0's meaning, version 2 has
 * today's defaults. The node used as an AI Agent tool (n8n registers it as sixtyfourTool) has its own
 * defaults from version 2 on: records come from the model, rows to the model are capped and the wait
 * is short. Version 1 tools keep the node's defaults, so saved tool workflows run as before.
 * CONTRIBUTING.md ("Node versions") says when a new version is due.
 */

/** Display conditions: version 1 keeps its saved parameters as they were. */
export const VERSION_1 = { '@version': [1] };
export const FROM_VERSION_2 = { '@version': [{ _cnd: { gte: 2 } }] };
export const TOOL_V2: IDisplayOptions['show'] = { '@tool': [true], ...FROM_VERSION_2 };

/** 0.1.0's default Records (JSON): a sample record. */
export const RECORDS_DEFAULT_V1 = '[\n  {\n    "company_name": "Acme Corp",\n    "website": "acme.com"\n  }\n]';

/** Values the version 2 tool falls back to when the user has not set the option. */
export const TOOL_DEFAULTS = {
	maxRows: 50,
	timeoutMinutes: 1,
	onTimeout: 'returnStatus',
} as const;

/** How this execution's node runs; read once per execution (readNodeMode) and passed down. */
export interface NodeMode {
	/** Run by an AI Agent as its tool (any version): errors and answers say what to do next. */
	asTool: boolean;
	/** The version 2 tool, with the tool's own defaults (TOOL_DEFAULTS). */
	toolV2: boolean;
	/**
	 * Version 1: unset options keep 0.1.0's output (rows as the file holds them, no item for a record
	 * that came back without a row unless Output Records Without a Row is on).
	 */
	version1: boolean;
}

export function readNodeMode(context: IExecuteFunctions): NodeMode {
	const node = context.getNode();
	const asTool = node.type.endsWith('Tool');
	return { asTool, toolV2: asTool && node.typeVersion >= 2, version1: node.typeVersion < 2 };
}

function withShow(property: INodeProperties, show: IDisplayOptions['show']): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, ...show } } };
}

/**
 * One parameter as three: as it is for the node (hidden in the tool), as it is for a version 1
 * tool, and changed by `toolV2` for a version 2 tool. n8n saves only values that differ from the
 * default shown, so a default may change only where the version does.
 */
export function byToolMode(property: INodeProperties, toolV2: Partial<INodeProperties>): INodeProperties[] {
	const displayOptions = property.displayOptions ?? {};
	const hide = { ...displayOptions.hide, '@tool': [true] };
	return [
		{ ...property, displayOptions: { ...displayOptions, hide } },
		withShow(property, { '@tool': [true], ...VERSION_1 }),
		withShow({ ...property, ...toolV2 }, TOOL_V2),
	];
}
