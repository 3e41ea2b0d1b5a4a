import type { IDataObject } from 'n8n-workflow';

import { dropBaseline, keepBaseline, keptBaseline } from '../../../../nodes/SixtyfourTrigger/helpers/activationBaseline';
import { ms, state } from '../../../harness/kits/runSummaries';

describe('the activation baseline kept in the workflow static data', () => {
	it('keeps a copy per node name, reads it back as a state, and drops it', () => {
		const workflowData: IDataObject = { other: 1 };
		const baseline = state({ horizon: ms(2), cursor: ms(1), inFlight: { a: ms(2) } });
		keepBaseline(workflowData, 'Sixtyfour Trigger', baseline);
		expect(keptBaseline(JSON.parse(JSON.stringify(workflowData)), 'Sixtyfour Trigger')).toEqual(baseline);
		expect(keptBaseline(workflowData, 'Another Trigger')).toBeUndefined();
		dropBaseline(workflowData, 'Sixtyfour Trigger');
		expect(workflowData).toEqual({ other: 1 });
	});

	it('reads only its own keys: inherited names and unreadable copies count as none', () => {
		for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(keptBaseline({}, name)).toBeUndefined();
		expect(keptBaseline({ 'sixtyfourTriggerBaseline:T': 'not a state' }, 'T')).toBeUndefined();
		expect(keptBaseline({ 'sixtyfourTriggerBaseline:T': { cursor: 'x' } }, 'T')).toBeUndefined();
	});
});
