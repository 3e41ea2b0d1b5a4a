import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import * as run from './actions/run/Run.resource';
import * as workflow from './actions/workflow/Workflow.resource';
import { listSearch } from '../shared/methods';

export class Sixtyfour implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sixtyfour',
		name: 'sixtyfour',
		icon: { light: 'file:sixtyfour.svg', dark: 'file:sixtyfour.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Enrich companies and leads with Sixtyfour workflows: start runs with records, wait for them, and get the enriched rows',
		defaults: { name: 'Sixtyfour' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Workflow', value: 'workflow' },
					{ name: 'Run', value: 'run' },
				],
				default: 'workflow',
			},
			...workflow.description,
			...run.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
