import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * The event ids a webhook trigger has already fired on, kept in the workflow's static data so that
 * a redelivery after a restart is still recognised. Bounded twice: an id is forgotten after the TTL
 * (Sixtyfour's retries of one event end long before), and the oldest go first beyond the cap.
 */
export interface SeenEventsLimits {
	maxEvents: number;
	ttlSeconds: number;
}

/**
 * 24 h covers a retry schedule measured in hours; 10,000 events is about 400 deliveries an hour
 * for that whole day, in about 280 KB of static data (measured in `npm run bench`).
 */
export const SEEN_EVENTS_LIMITS: SeenEventsLimits = { maxEvents: 10_000, ttlSeconds: 24 * 60 * 60 };

/** Static data key. Each entry: event key → minute first seen (minutes since 1970). */
const STORE_KEY = 'seenEvents';

/** Over the cap, the store drops to this share of it, so pruning (a sort) runs once per many deliveries. */
const PRUNE_TO = 0.9;

/**
 * A short, fixed-size key for an event id: 96 bits of its SHA-256, base64url, with a letter in
 * front so that no key reads as an integer (JSON objects keep integer-like keys out of insertion
 * order). Any event id, however long, costs the same bytes.
 */
export function eventKey(eventId: string): string {
	return `e${createHash('sha256').update(eventId, 'utf8').digest('base64url').slice(0, 16)}`;
}

function storeOf(staticData: IDataObject): Record<string, number> {
	const store = staticData[STORE_KEY];
	return store !== null && typeof store === 'object' && !Array.isArray(store) ? (store as Record<string, number>) : {};
}

const minuteOf = (seconds: number) => Math.floor(seconds / 60);

function fresh(seenMinute: number, nowSeconds: number, limits: SeenEventsLimits): boolean {
	return (minuteOf(nowSeconds) - seenMinute) * 60 <= limits.ttlSeconds;
}

/** Whether the event was fired on within the TTL. */
export function hasSeen(staticData: IDataObject, key: string, nowSeconds: number, limits = SEEN_EVENTS_LIMITS): boolean {
	const seen = storeOf(staticData)[key];
	return typeof seen === 'number' && fresh(seen, nowSeconds, limits);
}

/**
 * Records the event and drops what the limits no longer keep. The store is written as a new object,
 * so that n8n notices the change and saves it.
 */
export function remember(staticData: IDataObject, key: string, nowSeconds: number, limits = SEEN_EVENTS_LIMITS): void {
	let entries = Object.entries(storeOf(staticData)).filter(([, seen]) => typeof seen === 'number' && fresh(seen, nowSeconds, limits));
	if (entries.length >= limits.maxEvents) {
		const keep = Math.max(0, Math.floor(limits.maxEvents * PRUNE_TO) - 1);
		entries = entries.sort((a, b) => a[1] - b[1]).slice(entries.length - keep);
	}
	const store: Record<string, number> = Object.fromEntries(entries.filter(([existing]) => existing !== key));
	store[key] = minuteOf(nowSeconds);
	staticData[STORE_KEY] = store;
}

/** How many events the store holds (for tests and the bench). */
export function seenCount(staticData: IDataObject): number {
	return Object.keys(storeOf(staticData)).length;
}
