import { NodeOperationError } from 'n8n-workflow';

import { withNextStep } from '../../../../nodes/Sixtyfour/runEngine/toolAnswers';

describe('withNextStep', () => {
	it('puts the description into the message once, as the model sees only the message', () => {
		const node = { id: 'n', name: 'Sixtyfour', type: 't', typeVersion: 2, position: [0, 0] as [number, number], parameters: {} };
		const error = withNextStep(new NodeOperationError(node, 'Run "r" failed.', { description: 'Open it in the app.' }));
		expect(error.message).toBe('Run "r" failed. Open it in the app.');
		expect(withNextStep(error).message).toBe('Run "r" failed. Open it in the app.');
		expect(withNextStep(new Error('plain')).message).toBe('plain');
	});
});
