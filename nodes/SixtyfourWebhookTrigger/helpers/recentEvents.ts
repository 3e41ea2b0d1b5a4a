/**
 * Events this n8n process accepted lately. The seen-events store lives in static data, which n8n
 * saves only when the webhook call is answered through n8n; a delivery whose rows are fetched after
 * an early answer is saved once the fetch ends. A copy of the same event arriving meanwhile is
 * caught here. Per process: it complements the static data, which survives restarts, and does not
 * replace it.
 */
const MAX_RECENT = 10_000;

/** Scoped event key → when its claim lapses (ms since 1970), oldest first. */
const recent = new Map<string, number>();

/** Claims an event for this process; false when it was claimed within `ttlMs` already. */
export function claimEvent(scopedKey: string, nowMs: number, ttlMs: number): boolean {
	const lapses = recent.get(scopedKey);
	if (lapses !== undefined && lapses > nowMs) return false;
	recent.delete(scopedKey);
	recent.set(scopedKey, nowMs + ttlMs);
	// A Map iterates in insertion order: the first keys are the oldest claims.
	for (const key of recent.keys()) {
		if (recent.size <= MAX_RECENT) break;
		recent.delete(key);
	}
	return true;
}

/** What a restart of n8n does to this memory (tests use it to show that the static data alone suffices). */
export function forgetRecentEvents(): void {
	recent.clear();
}
