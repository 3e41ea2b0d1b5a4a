import type { IExecuteFunctions } from 'n8n-workflow';

import { readNodeMode } from '../../../../nodes/Sixtyfour/nodeVersions';
import { readResultSettings } from '../../../../nodes/Sixtyfour/settings/resultSettings';
import { readWaitSettings } from '../../../../nodes/Sixtyfour/settings/waitSettings';
import { itemParameters } from '../../../../nodes/shared/parameterReader';

/** A node whose options are all unset, so every reader takes its fallback: the defaults. */
function unsetOptions(type: string, typeVersion: number) {
	const node = { id: 'n', name: 'Sixtyfour', type, typeVersion, position: [0, 0], parameters: {} };
	const context = {
		getNode: () => node,
		getNodeParameter: (_name: string, _itemIndex: number, fallback: unknown) => fallback,
	} as unknown as IExecuteFunctions;
	return [itemParameters(context, 0), readNodeMode(context)] as const;
}

describe('defaults of unset options', () => {
	it('a version 2 tool waits 1 minute, then returns the run status, and sends 50 rows with a summary', () => {
		const tool = unsetOptions('n8n-nodes-sixtyfour.sixtyfourTool', 2);
		expect(readWaitSettings(...tool)).toMatchObject({ timeoutMs: 60_000, onTimeout: 'returnStatus' });
		expect(readResultSettings(...tool)).toMatchObject({ maxRows: 50, toModel: true });
	});

	it('a version 1 tool and the node at either version keep the node\'s: 60 minutes, fail, every row', () => {
		for (const node of [unsetOptions('n8n-nodes-sixtyfour.sixtyfourTool', 1), unsetOptions('n8n-nodes-sixtyfour.sixtyfour', 2)]) {
			expect(readWaitSettings(...node)).toMatchObject({ timeoutMs: 3_600_000, onTimeout: 'fail' });
			expect(readResultSettings(...node)).toMatchObject({ maxRows: 0, toModel: false });
		}
	});
});
