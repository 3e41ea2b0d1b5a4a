import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SINCE_VERSION_2 } from '../nodeVersions';

/**
 * The node used as an AI Agent tool (n8n registers it as sixtyfourTool) from version 2 on. Its
 * defaults differ from the node's: records come from the model, rows to the model are capped and
 * the wait is short. Version 1 tools keep the node's defaults, so saved tool workflows run as before.
 */

/** Values the tool falls back to when the user has not set the option. */
export const TOOL_DEFAULTS = {
	maxRows: 50,
	timeoutMinutes: 1,
	onTimeout: 'returnStatus',
} as const;

export const TOOL_V2: IDisplayOptions['show'] = { '@tool': [true], ...SINCE_VERSION_2 };

export function isToolV2(context: IExecuteFunctions): boolean {
	const node = context.getNode();
	return node.type.endsWith('Tool') && node.typeVersion >= 2;
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
		withShow(property, { '@tool': [true], '@version': [1] }),
		withShow({ ...property, ...toolV2 }, TOOL_V2),
	];
}

/** What the version 2 tool does unless told otherwise, where the user sets the tool up. */
export const toolNotice: INodeProperties = {
	displayName:
		'As an AI Agent tool: records come from the model, each one billed; at most 50 rows go back to the model, with the run\'s row count; the tool waits up to 1 minute, then gives the model the job ID and status to check later. Change these in the options.',
	name: 'toolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: TOOL_V2 },
};
