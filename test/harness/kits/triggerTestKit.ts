// Shared by the trigger's tests: an emulator on a manual clock, a poll through n8n's PollContext,
// and the expected rows of a run read independently of the node (fetch + papaparse).
import Papa from 'papaparse';
import type { IDataObject, INodeExecutionData, INodeParameters, WorkflowActivateMode } from 'n8n-workflow';

import { SixtyfourTrigger } from '../../../nodes/SixtyfourTrigger/SixtyfourTrigger.node';
import { startEmulator, type Emulator } from '../../emulator';
import type { WorkflowDefinition } from '../../emulator/catalogue';
import { runPoll, type PollResult } from '../index';

/** A run of n records takes 2 × (2 s + n s) after 1 s in the queue: sizes give different durations. */
export function triggerCatalogue(): WorkflowDefinition[] {
	const timing = { queueMs: 1000, blockBaseMs: 2000, perRowMs: 1000 };
	return [
		{ id: 'wf_lead', name: 'Lead Enrichment', source: 'webhook', blocks: ['webhook', 'enrich_company'], enrichmentRate: 0.8, timing },
		{ id: 'wf_company', name: 'Company Enrichment', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing },
		{ id: 'wf_inline', name: 'Small Lists', source: 'webhook', blocks: ['webhook', 'enrich_company'], timing, inlineResultsMaxRows: 5 },
		{
			id: 'wf_failing',
			name: 'Failing',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company', 'find_email'],
			timing,
			failAt: { block: 2, error_message: 'Upstream provider timed out', status_reason: 'block_error' },
		},
	];
}

export async function startTriggerEmulator(): Promise<Emulator> {
	return await startEmulator({ catalogue: triggerCatalogue(), clock: { mode: 'manual' } });
}

/** `count` distinct company records, so that every run's rows differ. */
export function records(count: number, tag: string): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ company_name: `${tag} Company ${i}`, website: `${tag}-${i}.example` }));
}

/** Starts a run as POST /workflows/run would, without the HTTP round trip. */
export function startRun(emu: Emulator, workflowId: string, size: number, tag: string): string {
	return emu.startRun(workflowId, { webhook_payload: records(size, tag) }).job_id;
}

/** When a run of `size` records of the catalogue finishes, in ms after it was queued. */
export const durationMs = (size: number, blocks = 2) => 1000 + blocks * (2000 + 1000 * size);

export interface TriggerPoll {
	parameters?: INodeParameters;
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
	/** A fresh node instance, as after a restart of n8n. */
	nodeType?: SixtyfourTrigger;
	/** The credential's key, when it should differ from the one the emulator accepts. */
	apiKey?: string;
	globalStaticData?: IDataObject;
	/** What getPollBudgetMs answers (n8n 2.38+); absent: a poll without a budget, as on n8n 1.x. */
	pollBudgetMs?: number;
}

const sharedNode = new SixtyfourTrigger();

export async function poll(emu: Emulator, options: TriggerPoll = {}): Promise<PollResult> {
	return await runPoll({
		nodeType: options.nodeType ?? sharedNode,
		node: { parameters: options.parameters ?? {} },
		credentials: { sixtyfourApi: { apiKey: options.apiKey ?? emu.apiKey, baseUrl: emu.baseUrl } },
		mode: options.mode,
		activation: options.activation,
		staticData: options.staticData,
		globalStaticData: options.globalStaticData,
		pollBudgetMs: options.pollBudgetMs,
	});
}

/** The job ids of what a poll emitted, in output order. */
export function emittedIds(result: PollResult): string[] {
	return (result.items?.[0] ?? []).map((item: INodeExecutionData) => String(item.json.job_id ?? item.json.sixtyfour_job_id));
}

/** API requests by path and query, in order. */
export function apiCalls(emu: Emulator): string[] {
	return emu.requests
		.filter((request) => request.origin === 'api')
		.map((request) => {
			const query = new URLSearchParams(request.query as Record<string, string>).toString();
			return query ? `${request.path}?${query}` : request.path;
		});
}

interface LinkFile {
	filename: string;
	block_number: number;
	download_url: string;
}

/** The rows of each result file of a run, read with plain fetch and papaparse. */
export async function expectedFiles(emu: Emulator, runId: string): Promise<Array<{ file: LinkFile; rows: IDataObject[] }>> {
	const answer = await fetch(`${emu.baseUrl}/workflows/runs/${runId}/results/download-links`, {
		headers: { 'x-api-key': emu.apiKey },
	});
	const files = ((await answer.json()) as LinkFile[]).sort((a, b) => a.block_number - b.block_number);
	const result = [];
	for (const file of files) {
		const text = await (await fetch(file.download_url)).text();
		const parsed = Papa.parse<IDataObject>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
		result.push({ file, rows: parsed.data });
	}
	return result;
}
