import {
	NodeConnectionTypes,
	NodeOperationError,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../shared/transport';
import { receiveDelivery } from './receiveDelivery';
import { webhookProperties } from './webhookProperties';

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
		properties: webhookProperties,
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
