import { sleep } from 'n8n-workflow';

/** Longest stretch spent asleep without looking at the cancel signal. */
const SLICE_MS = 200;

/**
 * Waits `ms`, in short slices so that a cancelled n8n execution stops waiting within a slice
 * (`sleep` itself cannot be interrupted). Resolves false when cancelled, true when the time is up.
 */
export async function sleepUnlessCancelled(ms: number, signal?: AbortSignal): Promise<boolean> {
	const end = Date.now() + ms;
	for (;;) {
		if (signal?.aborted) return false;
		const left = end - Date.now();
		if (left <= 0) return true;
		await sleep(Math.min(left, SLICE_MS));
	}
}
