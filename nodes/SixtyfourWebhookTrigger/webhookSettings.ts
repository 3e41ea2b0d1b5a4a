import type { IWebhookFunctions } from 'n8n-workflow';

import { readChoice, readWholeNumber, webhookParameters } from '../shared/parameterReader';
import type { TriggerOutput } from '../shared/triggerItems';
import { DEFAULT_TOLERANCE_SECONDS } from './helpers/signature';

/** The webhook trigger's parameters, read and checked before a delivery is looked at. */
export interface WebhookSettings {
	output: TriggerOutput;
	inferTypes: boolean;
	toleranceSeconds: number;
	allowUnsigned: boolean;
}

export function readWebhookSettings(context: IWebhookFunctions): WebhookSettings {
	const parameters = webhookParameters(context);
	return {
		output: readChoice(parameters, 'output', 'Output', ['run', 'row'] as const, 'run'),
		inferTypes: parameters.get('options.inferTypes', false) === true,
		toleranceSeconds: readWholeNumber(parameters, 'options.toleranceSeconds', 'Timestamp Tolerance (Seconds)', {
			min: 1,
			fallback: DEFAULT_TOLERANCE_SECONDS,
		}),
		allowUnsigned: parameters.get('allowUnsigned', false) === true,
	};
}
