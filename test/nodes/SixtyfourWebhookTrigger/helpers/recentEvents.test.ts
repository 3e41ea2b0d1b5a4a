import { claimEvent, firedEvents, forgetRecentEvents, markFired, releaseEvent } from '../../../../nodes/SixtyfourWebhookTrigger/helpers/recentEvents';

describe('events claimed in this process', () => {
	beforeEach(forgetRecentEvents);

	test('a second claim within the TTL fails; after it, or after a restart, it succeeds', () => {
		expect(claimEvent('wf/node', 'e1', 0, 1_000)).toBe(true);
		expect(claimEvent('wf/node', 'e1', 999, 1_000)).toBe(false);
		expect(claimEvent('wf/node', 'e1', 1_000, 1_000)).toBe(true);
		forgetRecentEvents();
		expect(claimEvent('wf/node', 'e1', 1_001, 1_000)).toBe(true);
		expect(claimEvent('wf/other', 'e1', 1_001, 1_000)).toBe(true);
	});

	test('a released claim can be taken again at once; only fired events of the trigger are listed, until they lapse', () => {
		expect(claimEvent('wf/node', 'e1', 0, 1_000)).toBe(true);
		releaseEvent('wf/node', 'e1');
		expect(claimEvent('wf/node', 'e1', 1, 1_000)).toBe(true);
		expect(claimEvent('wf/node', 'e2', 2, 1_000)).toBe(true);
		expect(claimEvent('wf/other', 'e3', 3, 1_000)).toBe(true);
		expect(firedEvents('wf/node', 10)).toEqual([]);
		markFired('wf/node', 'e2');
		markFired('wf/other', 'e3');
		expect(firedEvents('wf/node', 10)).toEqual(['e2']);
		expect(firedEvents('wf/node', 1_002)).toEqual([]);
	});
});
