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
		// Under the node's name on the canvas, one entry per operation (n8n's lint wants this literal here);
		// "Sixtyfour workflow" apart from n8n's own workflows.
		subtitle:
			'={{ {"run":"Run Sixtyfour workflow","getMany":"Get many Sixtyfour runs","getStatus":"Get Sixtyfour run status","waitForCompletion":"Wait for Sixtyfour run","getResults":"Get Sixtyfour run results","getResultLinks":"Get Sixtyfour run result links","cancel":"Cancel Sixtyfour run"}[$parameter["operation"]] || $parameter["operation"] }}',
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
