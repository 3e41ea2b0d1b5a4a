// Shared by the emulator's own tests: a small catalogue with round timings, and an HTTP helper.
import type { Emulator } from './index';
import type { WorkflowDefinition } from './catalogue';

export const T0 = Date.parse('2026-02-12T09:00:00Z');

/** Three records take 13 s per block: block i of the lead workflow ends at 1 s + 13 s * i. */
export function testCatalogue(): WorkflowDefinition[] {
	const timing = { queueMs: 1000, blockBaseMs: 10000, perRowMs: 1000 };
	return [
		{
			id: 'wf_lead',
			name: 'Lead Enrichment',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company', 'find_email'],
			enrichmentRate: 0.8,
			timing,
			inputSchema: [
				{ name: 'company_name', type: 'string' },
				{ name: 'website', type: 'string' },
			],
		},
		{
			id: 'wf_company',
			name: 'Company Enrichment',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company'],
			timing: { queueMs: 500, blockBaseMs: 2000, perRowMs: 100 },
			inputSchema: ['company_name', 'domain'],
		},
		{ id: 'wf_csv', name: 'CSV Import', source: 'read_csv', blocks: ['read_csv', 'enrich_company'], timing },
		{
			id: 'wf_failing',
			name: 'Failing',
			source: 'webhook',
			blocks: ['webhook', 'enrich_company', 'find_email'],
			timing,
			failAt: { block: 2, error_message: 'Upstream provider timed out', status_reason: 'block_error' },
		},
		{ id: 'wf_bom', name: 'BOM and inline', source: 'webhook', blocks: ['webhook', 'enrich_company'], enrichmentRate: 1, timing, csvBom: true, inlineResultsMaxRows: 5 },
	];
}

export const LEAD_RECORDS = [
	{ company_name: 'Acme Corp', website: 'acme.com', industry: 'Technology' },
	{ company_name: 'TechStart Inc', website: 'techstart.io' },
	{ company_name: 'Zürich AG', email: 'x@z.ch' },
];

export interface CallOptions {
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
	/** null sends no key */
	apiKey?: string | null;
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	// Answers are asserted with toEqual against exact literals, which is the type check that matters here.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

export async function call(emu: Emulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
	const headers: Record<string, string> = { ...options.headers };
	const apiKey = options.apiKey === undefined ? emu.apiKey : options.apiKey;
	if (apiKey !== null) headers['x-api-key'] = apiKey;
	let body: string | undefined = options.rawBody;
	if (options.body !== undefined) {
		body = JSON.stringify(options.body);
		headers['content-type'] = 'application/json';
	}
	const response = await fetch(emu.baseUrl + path, { method, headers, body });
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export async function startLeadRun(emu: Emulator, records: object[] = LEAD_RECORDS, workflowId = 'wf_lead'): Promise<string> {
	const answer = await call(emu, 'POST', `/workflows/run?workflow_id=${workflowId}`, { body: { webhook_payload: records } });
	if (answer.status !== 200) throw new Error(`start failed: ${answer.status} ${answer.text}`);
	return answer.json.job_id;
}

export function iso(offsetMs: number): string {
	return new Date(T0 + offsetMs).toISOString().replace('.000Z', 'Z');
}
