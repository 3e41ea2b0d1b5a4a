/**
 * Events this n8n process handles or fired lately, per trigger (workflow id / node id). Two jobs
 * the static data cannot do alone:
 * - A copy of an event arriving while the first is still being handled (its rows fetched) is
 *   caught here: the claim is taken before anything is awaited.
 * - n8n reads a webhook's static data from the database at each request and writes the whole of
 *   it back after, so deliveries handled at the same time each save a copy holding only their own
 *   event, and the last write wins. Each delivery therefore writes every event this process fired
 *   lately into the static data it saves (see firedEvents), and the last write holds them all.
 * Per process: after a restart the static data alone knows what fired.
 */

interface Claim {
	/** When the claim lapses (ms since 1970). */
	lapsesMs: number;
	/** Set once the event fired; only fired events are written to the static data of others. */
	fired: boolean;
}

/** Per trigger at most this many claims, the oldest dropped first (as many as the static data keeps). */
const MAX_RECENT = 10_000;

/** Trigger scope → event key → claim, oldest first (a Map iterates in insertion order). */
const scopes = new Map<string, Map<string, Claim>>();

/** Claims an event for this process; false when it was claimed within `ttlMs` already and not released. */
export function claimEvent(scope: string, key: string, nowMs: number, ttlMs: number): boolean {
	let claims = scopes.get(scope);
	if (claims === undefined) {
		claims = new Map();
		scopes.set(scope, claims);
	}
	const claim = claims.get(key);
	if (claim !== undefined && claim.lapsesMs > nowMs) return false;
	claims.delete(key);
	claims.set(key, { lapsesMs: nowMs + ttlMs, fired: false });
	for (const oldest of claims.keys()) {
		if (claims.size <= MAX_RECENT) break;
		claims.delete(oldest);
	}
	return true;
}

/** Gives a claim up: the event did not fire, and its next delivery must fire it. */
export function releaseEvent(scope: string, key: string): void {
	scopes.get(scope)?.delete(key);
}

/** Records that the claimed event fired. */
export function markFired(scope: string, key: string): void {
	const claim = scopes.get(scope)?.get(key);
	if (claim !== undefined) claim.fired = true;
}

/** The keys of the events this process fired for the trigger whose claims have not lapsed. */
export function firedEvents(scope: string, nowMs: number): string[] {
	const fired: string[] = [];
	for (const [key, claim] of scopes.get(scope) ?? []) if (claim.fired && claim.lapsesMs > nowMs) fired.push(key);
	return fired;
}

/** What a restart of n8n does to this memory (tests use it to show that the static data alone suffices). */
export function forgetRecentEvents(): void {
	scopes.clear();
}
