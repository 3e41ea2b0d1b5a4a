import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readNodeMode } from '../../../../nodes/Sixtyfour/nodeVersions';
import { readResultSettings } from '../../../../nodes/Sixtyfour/settings/resultSettings';
import { readWaitSettings } from '../../../../nodes/Sixtyfour/settings/waitSettings';
import { withNextStep } from '../../../../nodes/Sixtyfour/runEngine/toolAnswers';
import { itemParameters } from '../../../../nodes/shared/parameterReader';
import { rowsSummary } from '../../../../nodes/Sixtyfour/helpers/toolRows';
import type { ResultFile } from '../../../../nodes/shared/helpers/apiTypes';

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

const file = (row_count: number | null) => ({ filename: 'f.csv', block_number: 2, row_count }) as ResultFile;

describe('rowsSummary', () => {
	it('all rows shown: the count is what was shown', () => {
		expect(rowsSummary('run_1', 3, false, [file(3)])).toEqual({
			job_id: 'run_1',
			rows_returned: 3,
			rows_in_run: 3,
			more_rows: false,
			next_step: 'These are all 3 rows of run run_1.',
		});
	});

	it('rows cut: the files\' row_count, or null and "more than" when the API gives none', () => {
		expect(rowsSummary('run_1', 50, true, [file(120)])).toMatchObject({ rows_in_run: 120, more_rows: true });
		expect(rowsSummary('run_1', 50, true, [file(120)]).next_step).toMatch(/^Only the first 50 of 120 rows of run run_1 are shown\./);
		const unknown = rowsSummary('run_1', 50, true, [file(null)]);
		expect(unknown).toMatchObject({ rows_in_run: null, more_rows: true });
		expect(unknown.next_step).toMatch(/^Only the first 50 rows of run run_1 are shown; it has more\. The rest are kept at Sixtyfour/);
	});
});

describe('withNextStep', () => {
	it('puts the description into the message once, as the model sees only the message', () => {
		const node = { id: 'n', name: 'Sixtyfour', type: 't', typeVersion: 2, position: [0, 0] as [number, number], parameters: {} };
		const error = withNextStep(new NodeOperationError(node, 'Run "r" failed.', { description: 'Open it in the app.' }));
		expect(error.message).toBe('Run "r" failed. Open it in the app.');
		expect(withNextStep(error).message).toBe('Run "r" failed. Open it in the app.');
		expect(withNextStep(new Error('plain')).message).toBe('plain');
	});
});
