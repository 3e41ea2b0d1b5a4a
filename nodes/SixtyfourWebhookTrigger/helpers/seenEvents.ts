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
 * for that whole day, in under 300 KB of static data (measured in `npm run bench`).
 */
export const SEEN_EVENTS_LIMITS: SeenEventsLimits = { maxEvents: 10_000, ttlSeconds: 24 * 60 * 60 };

/** Static data keys: event key → minute first seen (minutes since 1970); how many; the oldest minute kept. */
const STORE_KEY = 'seenEvents';
const COUNT_KEY = 'seenEventCount';
const OLDEST_KEY = 'seenEventsOldest';

/** A full store drops to this share of the cap, so that pruning (a sort) runs once per many deliveries. */
const PRUNE_TO = 0.9;

/** Expired events are dropped once the oldest is this much past the TTL; hasSeen ignores them meanwhile. */
const EXPIRY_SLACK = 0.1;

/**
 * A short, fixed-size key for an event id: 96 bits of its SHA-256, base64url, with a letter in
 * front so that no key reads as an integer (JSON objects keep integer-like keys out of insertion
 * order). Any event id, however long, costs the same bytes.
 */
export function eventKey(eventId: string): string {
	return `e${createHash('sha256').update(eventId, 'utf8').digest('base64url').slice(0, 16)}`;
}

function storeOf(staticData: IDataObject): Record<string, number> | undefined {
	const store = staticData[STORE_KEY];
	return store !== null && typeof store === 'object' && !Array.isArray(store) ? (store as Record<string, number>) : undefined;
}

const minuteOf = (seconds: number) => Math.floor(seconds / 60);

function ageSeconds(seenMinute: number, nowSeconds: number): number {
	return (minuteOf(nowSeconds) - seenMinute) * 60;
}

/** Whether the event was fired on within the TTL. */
export function hasSeen(staticData: IDataObject, key: string, nowSeconds: number, limits = SEEN_EVENTS_LIMITS): boolean {
	const seen = storeOf(staticData)?.[key];
	return typeof seen === 'number' && ageSeconds(seen, nowSeconds) <= limits.ttlSeconds;
}

/**
 * Keeps the events within the TTL, and of those at most PRUNE_TO of the cap, the newest. Written
 * as a new object, which n8n's observed static data notices. Runs once per many deliveries.
 */
function prune(staticData: IDataObject, store: Record<string, number>, nowSeconds: number, limits: SeenEventsLimits): number {
	let kept = Object.entries(store).filter(([, seen]) => typeof seen === 'number' && ageSeconds(seen, nowSeconds) <= limits.ttlSeconds);
	if (kept.length >= limits.maxEvents) kept = kept.sort((a, b) => a[1] - b[1]).slice(kept.length - Math.floor(limits.maxEvents * PRUNE_TO));
	staticData[STORE_KEY] = Object.fromEntries(kept);
	staticData[OLDEST_KEY] = kept.reduce((oldest, [, seen]) => Math.min(oldest, seen), minuteOf(nowSeconds));
	return kept.length;
}

/**
 * Records the event in constant time; the bounds are enforced in batches, when the store reaches
 * the cap or its oldest event is well past the TTL.
 */
export function remember(staticData: IDataObject, key: string, nowSeconds: number, limits = SEEN_EVENTS_LIMITS): void {
	let store = storeOf(staticData);
	let count = store !== undefined && typeof staticData[COUNT_KEY] === 'number' ? staticData[COUNT_KEY] : -1;
	const oldest = typeof staticData[OLDEST_KEY] === 'number' ? staticData[OLDEST_KEY] : minuteOf(nowSeconds);
	if (store === undefined || count < 0 || count >= limits.maxEvents || ageSeconds(oldest, nowSeconds) > limits.ttlSeconds * (1 + EXPIRY_SLACK)) {
		count = prune(staticData, store ?? {}, nowSeconds, limits);
		store = staticData[STORE_KEY] as Record<string, number>;
	}
	if (!(key in store)) count++;
	store[key] = minuteOf(nowSeconds);
	staticData[COUNT_KEY] = count;
}

/** How many events the store holds, the expired ones not yet dropped included (for tests and the bench). */
export function seenCount(staticData: IDataObject): number {
	const count = staticData[COUNT_KEY];
	return typeof count === 'number' ? count : 0;
}
