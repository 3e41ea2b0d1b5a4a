import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import * as listSearch from '../shared/methods/listSearch';
import { pollFinishedRuns } from './pollFinishedRuns';
import { triggerDescription } from './trigger.description';

export class SixtyfourTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sixtyfour Trigger',
		name: 'sixtyfourTrigger',
		icon: { light: 'file:sixtyfour.svg', dark: 'file:sixtyfour.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Run " + [].concat($parameter["events"]).join(", ")}}',
		description: 'Starts the workflow when a Sixtyfour run finishes, with its enriched rows',
		defaults: { name: 'Sixtyfour Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		properties: triggerDescription,
	};

	methods = { listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFinishedRuns.call(this);
	}
}
