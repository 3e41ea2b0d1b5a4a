import { statusFilterFor } from '../../../../nodes/SixtyfourTrigger/helpers/runQuery';

describe('statusFilterFor', () => {
	it('filters at Sixtyfour only for exactly one of completed or cancelled', () => {
		expect(statusFilterFor(['completed'])).toBe('completed');
		expect(statusFilterFor(['cancelled', 'cancelled'])).toBe('cancelled');
		expect(statusFilterFor(['failed'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'cancelled'])).toBeUndefined();
		expect(statusFilterFor(['completed', 'failed'])).toBeUndefined();
	});
});
