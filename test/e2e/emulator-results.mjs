// @ts-check
// What the emulator holds for a run, read over its HTTP API and parsed by an independent CSV parser
// (csv-parse), to compare with what the nodes produced inside n8n.
import { parse } from 'csv-parse/sync';

/**
 * @param {{ baseUrl: string, apiKey: string }} emu
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function apiGet(emu, path) {
	const response = await fetch(`${emu.baseUrl}${path}`, { headers: { 'x-api-key': emu.apiKey } });
	if (!response.ok) throw new Error(`emulator GET ${path} answered ${response.status}: ${await response.text()}`);
	return await response.json();
}

/**
 * The runs list, newest queued first.
 * @param {{ baseUrl: string, apiKey: string }} emu
 * @returns {Promise<Array<Record<string, any>>>}
 */
export async function listRuns(emu) {
	return await apiGet(emu, '/workflows/runs?limit=500');
}

/**
 * The rows of a completed run's final file (`enriched_results_final.csv`), every value the string
 * the CSV holds, as the nodes give them with type inference off (their default).
 * @param {{ baseUrl: string, apiKey: string }} emu
 * @param {string} jobId
 * @returns {Promise<Array<Record<string, string>>>}
 */
export async function finalRows(emu, jobId) {
	const links = await apiGet(emu, `/workflows/runs/${encodeURIComponent(jobId)}/results/download-links`);
	const final = links.find((/** @type {{ filename: string }} */ l) => l.filename === 'enriched_results_final.csv');
	if (!final) throw new Error(`run ${jobId} has no final file: ${JSON.stringify(links.map((l) => l.filename))}`);
	const response = await fetch(final.download_url);
	if (!response.ok) throw new Error(`download of ${final.filename} answered ${response.status}`);
	/** @type {Array<Record<string, string>>} */
	const rows = parse(Buffer.from(await response.arrayBuffer()), { columns: true, bom: true });
	if (rows.length !== final.row_count) {
		throw new Error(`${final.filename} of ${jobId} holds ${rows.length} rows, its link says ${final.row_count}`);
	}
	return rows;
}

/**
 * Waits until the run has finished at the emulator.
 * @param {{ getRun(jobId: string): any }} emu
 * @param {string} jobId
 * @param {number} [timeoutMs]
 * @returns {Promise<string>} its final status
 */
export async function waitUntilFinished(emu, jobId, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = emu.getRun(jobId)?.listEntry.status;
		if (status && !['queued', 'running'].includes(status)) return status;
		if (Date.now() > deadline) throw new Error(`run ${jobId} still ${status} after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/**
 * A row item without the `sixtyfour_*` run metadata the trigger adds.
 * @param {Record<string, unknown>} item
 */
export function withoutRunMetadata(item) {
	return Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('sixtyfour_')));
}
