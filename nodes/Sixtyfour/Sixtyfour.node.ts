import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { subtitleOf } from './actions/operation';
import { router } from './actions/router';
import * as run from './actions/run/Run.resource';
import * as workflow from './actions/workflow/Workflow.resource';
import { firstItemHints } from './actions/workflow/firstItemHints';
import * as listSearch from '../shared/methods/listSearch';
import * as resourceMapping from './methods/resourceMapping';

export class Sixtyfour implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sixtyfour',
		name: 'sixtyfour',
		icon: { light: 'file:sixtyfour.svg', dark: 'file:sixtyfour.dark.svg' },
		group: ['transform'],
		// 1: as 0.1.0 saved it (nodeVersions.ts); 2: today's defaults.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleOf([...workflow.operations, ...run.operations]),
		description:
			'Enrich companies and leads with Sixtyfour workflows: start runs with records, wait for them, and get the enriched rows',
		defaults: { name: 'Sixtyfour' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		hints: firstItemHints,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Sixtyfour Workflow', value: 'workflow' },
					{ name: 'Run', value: 'run' },
				],
				default: 'workflow',
			},
			...workflow.description,
			...run.description,
		],
	};

	methods = { listSearch, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
