import { unmatchedRowPairing } from '../../../../nodes/Sixtyfour/runEngine/rowPairing';

describe('unmatchedRowPairing', () => {
	it('is two entries at most, whatever the size of the run', () => {
		const run = Array.from({ length: 10_000 }, (_, item) => ({ item }));
		expect(unmatchedRowPairing(run)).toEqual([{ item: 0 }, { item: 9999 }]);
		expect(unmatchedRowPairing([{ item: 3 }])).toEqual([{ item: 3 }]);
	});
});
