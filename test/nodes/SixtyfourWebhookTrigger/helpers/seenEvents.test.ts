import type { IDataObject } from 'n8n-workflow';

import { eventKey, hasSeen, remember, seenCount } from '../../../../nodes/SixtyfourWebhookTrigger/helpers/seenEvents';

const NOW = 1_770_000_000;
const limits = { maxEvents: 100, ttlSeconds: 3_600 };

describe('seen events in static data', () => {
	test('an event is seen after it is remembered, until the TTL is over', () => {
		const data: IDataObject = {};
		const key = eventKey('3f1c6a1e-0000-4000-8000-000000000001');
		expect(hasSeen(data, key, NOW, limits)).toBe(false);
		remember(data, key, NOW, limits);
		expect(hasSeen(data, key, NOW + 3_600, limits)).toBe(true);
		expect(hasSeen(data, key, NOW + 3_660, limits)).toBe(false);
	});

	test('the store never exceeds its cap and keeps the newest events', () => {
		const data: IDataObject = {};
		for (let i = 0; i < 1_000; i++) remember(data, eventKey(`event-${i}`), NOW + i, limits);
		expect(seenCount(data)).toBeLessThanOrEqual(limits.maxEvents);
		expect(hasSeen(data, eventKey('event-999'), NOW + 1_000, limits)).toBe(true);
		expect(hasSeen(data, eventKey('event-0'), NOW + 1_000, limits)).toBe(false);
	});

	test('expired events are dropped when the next one is remembered', () => {
		const data: IDataObject = {};
		remember(data, eventKey('old'), NOW, limits);
		remember(data, eventKey('new'), NOW + 7_200, limits);
		expect(seenCount(data)).toBe(1);
	});

	test('keys have one size whatever the id, and survive a JSON round trip (static data is stored as JSON)', () => {
		const data: IDataObject = {};
		remember(data, eventKey('x'.repeat(10_000)), NOW, limits);
		remember(data, eventKey('12345'), NOW, limits);
		const stored = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(hasSeen(stored, eventKey('12345'), NOW, limits)).toBe(true);
		expect(Object.keys(stored.seenEvents as object).every((key) => key.length === 17)).toBe(true);
	});
});

