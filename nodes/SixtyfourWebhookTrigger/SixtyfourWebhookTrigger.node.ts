import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/transport/sixtyfourRequest';
import { receiveDelivery } from './receiveDelivery';
import { webhookDescription } from './webhook.description';

export class SixtyfourWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sixtyfour Webhook Trigger',
		name: 'sixtyfourWebhookTrigger',
		icon: { light: 'file:sixtyfour.svg', dark: 'file:sixtyfour.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Run completed → " + ($parameter["output"] === "row" ? "one item per row" : "one item per run")}}',
		description: 'Starts the workflow the moment a Sixtyfour run finishes, from its outgoing_webhook block, with its enriched rows',
		defaults: { name: 'Sixtyfour Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sixtyfourApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		// As n8n's Webhook node: how the Test URL ("Listen for test event") and the Production URL differ.
		triggerPanel: {
			header: '',
			executionsHelp: {
				inactive:
					"This trigger has two URLs: test and production. <br /> <br /> <b>Use the test URL while you build your workflow</b>. Click the 'listen' button, put the test URL into your Sixtyfour workflow's outgoing_webhook block and run that workflow in Sixtyfour. The delivery will show up in the editor.<br /> <br /> <b>Use the production URL to run your workflow automatically</b>. Put the production URL into the outgoing_webhook block and publish (activate) this workflow. Its executions will show up in the executions list, but not in the editor.",
				active:
					"This trigger has two URLs: test and production. <br /> <br /> <b>Use the test URL while you build your workflow</b>. Click the 'listen' button, put the test URL into your Sixtyfour workflow's outgoing_webhook block and run that workflow in Sixtyfour. The delivery will show up in the editor.<br /> <br /> <b>Use the production URL to run your workflow automatically</b>. Since this workflow is active, every delivery to the production URL starts it. Its executions will show up in the <a data-key=\"executions\">executions list</a>, but not in the editor.",
			},
			activationHint:
				"Once you've finished building your workflow, put the production URL into your Sixtyfour workflow's outgoing_webhook block and activate this workflow: every run that finishes there then starts it, without this button.",
		},
		properties: webhookDescription,
	};

	/**
	 * Sixtyfour has no API to register a webhook: the user pastes the URL into the outgoing_webhook
	 * block. So nothing exists remotely, and activation only checks that deliveries can be verified,
	 * rather than refusing every one of them with 401 later.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(CREDENTIAL_TYPE);
				const secret = typeof credentials.webhookSigningSecret === 'string' ? credentials.webhookSigningSecret.trim() : '';
				if (secret === '' && this.getNodeParameter('allowUnsigned', false) !== true) {
					throw new NodeOperationError(this.getNode(), 'The Sixtyfour credential has no Webhook Signing Secret', {
						description:
							'Every delivery would be refused with 401. Put the signing secret (sk_whsec_…) from the Sixtyfour dashboard into the credential, or, while the account has none, turn on Allow Unsigned Deliveries.',
					});
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
