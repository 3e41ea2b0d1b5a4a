import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class SixtyfourApi implements ICredentialType {
	name = 'sixtyfourApi';

	displayName = 'Sixtyfour API';

	icon: Icon = { light: 'file:sixtyfour.svg', dark: 'file:sixtyfour.dark.svg' };

	documentationUrl = 'https://docs.sixtyfour.ai';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Your Sixtyfour API key, from the Sixtyfour app under Settings → API Keys',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.sixtyfour.ai',
			description:
				'Where the Sixtyfour API is served. Change it only for a proxy, a staging host or a local emulator.',
		},
		{
			// On this credential rather than a credential of its own: Sixtyfour issues one secret per
			// organisation, as it does API keys, and the webhook trigger needs the key too (to fetch rows
			// that do not come inline), so one credential holds what one account gives.
			displayName: 'Webhook Signing Secret',
			name: 'webhookSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'sk_whsec_…',
			description:
				'Only for the Sixtyfour Webhook Trigger: the signing secret from the Sixtyfour dashboard, which proves that a delivery comes from Sixtyfour. Other nodes ignore it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-key': '={{$credentials.apiKey}}',
			},
		},
	};

	// One cheap, non-billable read: a wrong key answers 401 here.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/workflows/runs',
			qs: { limit: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'The API key was refused. Copy it again from the Sixtyfour app (Settings → API Keys).',
				},
			},
		],
	};
}
