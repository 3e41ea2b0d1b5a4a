// Shared by the action node's tests: node parameters as the editor writes them, the node run through
// n8n-core's WorkflowExecute against the emulator, and readings of what the emulator saw and serves.
import Papa from 'papaparse';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Sixtyfour } from '../../../nodes/Sixtyfour/Sixtyfour.node';
import type { Emulator } from '../../emulator';
import { testCatalogue } from '../../emulator/test-support';
import { executeWorkflow, type ExecuteWorkflowResult } from '../index';
import { useEmulator } from './useEmulator';

export const NODE_TYPE = 'n8n-nodes-sixtyfour.sixtyfour';
export const NODE_NAME = 'Sixtyfour';

const sixtyfour = new Sixtyfour();

/** Parameters of a Run → `operation` node. */
export function runParameters(operation: string, parameters: INodeParameters = {}): INodeParameters {
	return { resource: 'run', operation, ...parameters };
}

/** A resource locator value, as the editor stores one. */
export function locator(mode: 'list' | 'id', value: string): INodeParameters {
	return { __rl: true, mode, value };
}

export interface RunNodeOptions {
	inputItems?: INodeExecutionData[];
	continueOnFail?: boolean;
	signal?: AbortSignal;
	/** The credential's key, when it should differ from the one the emulator accepts. */
	apiKey?: string;
	/** n8n's node settings, such as Retry On Fail. */
	settings?: Partial<INode>;
	/** The n8n instance and execution the node runs in (see executeWorkflow). */
	instanceId?: string;
	executionId?: string;
	/** The node's version, when not the latest: 1 for a workflow saved by 0.1.0. */
	typeVersion?: number;
}

/** Wait options that poll a run on the fast emulator every 20 to 200 ms. */
export const fastWait = { minPollIntervalSeconds: 0.02, maxPollIntervalSeconds: 0.2 };

/**
 * One emulator for a test file, its clock 2000× the wall clock so that waiting for a run takes
 * milliseconds; its faults and request log are cleared before each test. `use` receives it.
 */
export function useFastEmulator(use: (emu: Emulator) => void): void {
	let emu: Emulator | undefined;
	useEmulator({ catalogue: testCatalogue(), clock: { mode: 'real', speed: 2000 } }, (started) => {
		emu = started;
		use(started);
	});
	beforeEach(() => emu?.faults.clear());
}

/** Runs the Sixtyfour node with `parameters` behind an input node, as one n8n execution. */
export async function runNode(
	emu: Emulator,
	parameters: INodeParameters,
	options: RunNodeOptions = {},
): Promise<ExecuteWorkflowResult> {
	return await executeWorkflow({
		nodeTypes: { [NODE_TYPE]: sixtyfour },
		node: {
			name: NODE_NAME,
			type: NODE_TYPE,
			parameters,
			...(options.typeVersion ? { typeVersion: options.typeVersion } : {}),
			...options.settings,
		},
		inputItems: options.inputItems,
		credentials: { sixtyfourApi: { apiKey: options.apiKey ?? emu.apiKey, baseUrl: emu.baseUrl } },
		continueOnFail: options.continueOnFail,
		signal: options.signal,
		instanceId: options.instanceId,
		executionId: options.executionId,
	});
}

/** The node's first output, failing the test with the node's error when it threw one. */
export function outputOf(result: ExecuteWorkflowResult): INodeExecutionData[] {
	if (result.error) throw result.error;
	return result.items[0] ?? [];
}

/** The fields of a thrown node error that a user sees, for exact comparison. */
export function errorFields(result: ExecuteWorkflowResult): IDataObject {
	const error = result.error as (Error & { description?: unknown; httpCode?: unknown }) | undefined;
	if (!error) throw new Error('the node did not fail');
	return {
		type: error.constructor.name,
		message: error.message,
		description: error.description ?? null,
		httpCode: error.httpCode ?? null,
	};
}

/** Requests an origin received, as "METHOD path?query" in arrival order. */
export function requestLines(emu: Emulator, origin: 'api' | 'storage' = 'api'): string[] {
	return emu.requests
		.filter((request) => request.origin === origin)
		.map((request) => {
			const query = new URLSearchParams(request.query as Record<string, string>).toString();
			return `${request.method} ${request.path}${query ? `?${query}` : ''}`;
		});
}

/** Fails when `text` occurs anywhere in what the execution produced: items, error, run data. */
export function expectNowhere(result: ExecuteWorkflowResult, text: string): void {
	const error = result.error as (Error & Record<string, unknown>) | undefined;
	const seen = JSON.stringify({
		items: result.items,
		runData: result.runData,
		error: error && { ...error, message: error.message, description: error.description, stack: error.stack },
	});
	expect(seen).not.toContain(text);
}

export interface ServedFile {
	filename: string;
	block_number: number;
	row_count: number;
	download_url: string;
	message: string | null;
	/** The file as the storage origin serves it, byte for byte. */
	bytes: Buffer;
	/** Its rows read independently of the node, by papaparse. */
	rows: IDataObject[];
}

/**
 * A run's result files in block order, fetched and parsed without the node. Leaves no request in the log.
 * At the tests' 2000x clock a link lives 0.45 s, which a busy machine can outlast between asking for
 * the links and downloading a large file: an expired link is asked for again, a few times.
 */
export async function servedFiles(emu: Emulator, runId: string): Promise<ServedFile[]> {
	const logged = emu.requests.length;
	try {
		for (let attempt = 1; ; attempt++) {
			const files = await downloadServedFiles(emu, runId);
			if (!('refused' in files)) return files;
			if (attempt === 3) throw new Error(`${files.refused} of run ${runId} still answers ${files.status} after ${attempt} fresh links`);
		}
	} finally {
		emu.requests.splice(logged);
	}
}

async function downloadServedFiles(emu: Emulator, runId: string): Promise<ServedFile[] | { refused: string; status: number }> {
	const answer = await fetch(
		`${emu.baseUrl}/workflows/runs/${encodeURIComponent(runId)}/results/download-links`,
		{ headers: { 'x-api-key': emu.apiKey } },
	);
	const links = ((await answer.json()) as ServedFile[]).sort((a, b) => a.block_number - b.block_number);
	const files: ServedFile[] = [];
	for (const link of links) {
		const response = await fetch(link.download_url);
		if (!response.ok) return { refused: link.filename, status: response.status };
		const bytes = Buffer.from(await response.arrayBuffer());
		const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
		const rows = Papa.parse<IDataObject>(text, { header: true, skipEmptyLines: true }).data;
		files.push({ ...link, bytes, rows });
	}
	return files;
}

/** Waits (real time, in short steps) until `condition` holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited >= timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
		await sleep(10);
	}
}
