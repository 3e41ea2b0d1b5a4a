import type { IDataObject } from 'n8n-workflow';

import { readPollState, writePollState } from '../../../../nodes/SixtyfourTrigger/helpers/pollState';
import { at, ms, state } from '../../../harness/kits/runSummaries';

describe('readPollState and writePollState', () => {
	it('reads what it wrote, and rejects what is not a state', () => {
		const data = {};
		const stored = state({ horizon: ms(5), cursor: ms(4), fired: { a: ms(4) }, inFlight: { b: ms(5) }, failedReads: { b: 1 } });
		writePollState(data, stored);
		expect(readPollState(JSON.parse(JSON.stringify(data)))).toEqual(stored);
		expect(readPollState({})).toBeUndefined();
		expect(readPollState({ ...data, fired: ['a'] })).toBeUndefined();
	});

	it('reads a state from 0.2.0, which had no slowReads', () => {
		const { slowReads, ...stored020 } = state({ cursor: ms(4), inFlight: { a: ms(3) } });
		expect(slowReads).toEqual({});
		expect(readPollState(stored020 as unknown as IDataObject)).toEqual(state({ cursor: ms(4), inFlight: { a: ms(3) } }));
	});

	it('carries over the cursor and the ids at it from version 0.1.0', () => {
		expect(readPollState({ cursor: at(4), idsAtCursor: ['a', 'b'] })).toEqual(state({ cursor: ms(4), fired: { a: ms(4), b: ms(4) } }));
		expect(readPollState({ cursor: null, idsAtCursor: [] })).toEqual(state({}));
		const data: IDataObject = { cursor: at(4), idsAtCursor: ['a'] };
		writePollState(data, state({ cursor: ms(4) }));
		expect(data.idsAtCursor).toBeUndefined();
	});

	it('leaves static data untouched when the state did not change', () => {
		const stored = state({ cursor: ms(4) });
		const data: IDataObject = {};
		writePollState(data, stored);
		const fired = data.fired;
		writePollState(data, state({ cursor: ms(4) }));
		expect(data.fired).toBe(fired);
	});
});
