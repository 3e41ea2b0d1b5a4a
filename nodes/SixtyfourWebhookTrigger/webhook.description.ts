import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TOLERANCE_SECONDS } from './helpers/signature';
import { inferTypesOption, triggerOutputField } from '../shared/descriptions';

/** The webhook trigger's parameters; the node class holds the rest of its description. */
export const webhookDescription: INodeProperties[] = [
	{
		displayName:
			'Put a Webhook URL from above into your Sixtyfour workflow\'s outgoing_webhook block (its URL field): the Test URL to try it with "Listen for test event", the Production URL once this workflow is active. Put the signing secret from the Sixtyfour dashboard into the credential\'s Webhook Signing Secret.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	triggerOutputField,
	{
		displayName: 'Allow Unsigned Deliveries',
		name: 'allowUnsigned',
		type: 'boolean',
		default: false,
		description:
			'Whether to accept deliveries that carry no Sixtyfour-Signature (Sixtyfour sends them unsigned until the account creates a signing secret). Anyone who knows the URL can then start this workflow.',
	},
	{
		displayName:
			'Unsigned deliveries are accepted: anyone who knows this URL can start the workflow with made-up rows. Create a signing secret in the Sixtyfour dashboard, put it in the credential and turn this off.',
		name: 'unsignedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { allowUnsigned: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			inferTypesOption,
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				default: DEFAULT_TOLERANCE_SECONDS,
				typeOptions: { minValue: 1 },
				description:
					'How far the signature\'s timestamp may be from this n8n\'s clock. Older deliveries are refused, so a captured one cannot be replayed later.',
			},
		],
	},
];
