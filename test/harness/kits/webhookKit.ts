// Shared by the webhook trigger's engine tests: an emulator whose workflow ends in an
// outgoing_webhook block, delivering over loopback to the node run through n8n-core's
// WebhookContext, with the static data carried from request to request as n8n's database would.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SixtyfourWebhookTrigger } from '../../../nodes/SixtyfourWebhookTrigger/SixtyfourWebhookTrigger.node';
import { forgetRecentEvents } from '../../../nodes/SixtyfourWebhookTrigger/helpers/recentEvents';
import { runWebhook, type WebhookRequest, type WebhookResult } from '../index';
import { startWebhookReceiver, type WebhookReceiver } from '../webhookReceiver';
import { startEmulator, type Emulator } from '../../emulator';
import type { OutgoingWebhook } from '../../emulator/catalogue';
import { expectedFiles } from './triggerTestKit';

export const SECRET = `sk_whsec_${'5e'.repeat(32)}`;
export const OLD_SECRET = `sk_whsec_${'01'.repeat(32)}`;
export const WORKFLOW = 'wf_hook';
export const RUN_MS = 3_600_000;
export const nodeType = new SixtyfourWebhookTrigger();

export interface Setup {
	parameters?: INodeParameters;
	secret?: string;
	mode?: 'webhook' | 'manual';
	/** Answers this status instead of running the node, for the first N requests (n8n down, say). */
	failFirst?: number;
	/** The node's answer fails to be written, for the first N requests that reach the node. */
	failAnswer?: number;
	/** The outgoing_webhook block's settings (the emulator's default envelope is the documented minimum). */
	outgoingWebhook?: Partial<OutgoingWebhook>;
}

export interface WebhookBench {
	emu: Emulator;
	/** The static data as n8n's database holds it. */
	staticData: IDataObject;
	/** Every request the node ran for, in order. */
	results: WebhookResult[];
}

export const bench = {} as WebhookBench;
let receiver: WebhookReceiver | undefined;

/** A fresh emulator, static data and process memory for each test. */
export function useWebhookBench(): void {
	beforeEach(async () => {
		forgetRecentEvents();
		bench.staticData = {};
		bench.results = [];
		bench.emu = await startEmulator({
			catalogue: [
				{
					id: WORKFLOW,
					name: 'Hooked Enrichment',
					source: 'webhook',
					blocks: ['webhook', 'enrich_company', 'outgoing_webhook'],
					enrichmentRate: 1,
					outgoingWebhook: { secrets: [SECRET] },
				},
			],
		});
	});
	afterEach(async () => {
		await receiver?.close();
		receiver = undefined;
		await bench.emu.close();
	});
}

export const credentials = (secret = SECRET) => ({ sixtyfourApi: { apiKey: bench.emu.apiKey, baseUrl: bench.emu.baseUrl, webhookSigningSecret: secret } });

/** How the node's answer reaches the sender, when it is not simply kept in the result. */
type Answering = Pick<Parameters<typeof runWebhook>[0], 'onAnswer' | 'failFirstAnswer'>;

/** One request straight to the node, outside the emulator's delivery; the static data is carried over. */
export async function post(request: WebhookRequest, setup: Setup = {}, answering: Answering = {}): Promise<WebhookResult> {
	const result = await runWebhook({
		nodeType,
		node: { parameters: setup.parameters ?? {} },
		credentials: credentials(setup.secret),
		mode: setup.mode,
		staticData: bench.staticData,
		request,
		...answering,
	});
	if (result.staticDataChanged) bench.staticData = result.staticData;
	bench.results.push(result);
	return result;
}

/** The node behind a loopback URL the emulator delivers to; static data carries over between requests. */
export async function listen(setup: Setup = {}): Promise<void> {
	let refused = 0;
	let answersFailed = 0;
	receiver = await startWebhookReceiver(async (request, respond) => {
		if (refused < (setup.failFirst ?? 0)) {
			refused++;
			respond({ status: 503, headers: {}, body: 'n8n is restarting' });
			return;
		}
		const failFirstAnswer = answersFailed < (setup.failAnswer ?? 0);
		if (failFirstAnswer) answersFailed++;
		await post(request, setup, { onAnswer: respond, failFirstAnswer });
	});
	bench.emu.setOutgoingWebhook(WORKFLOW, { ...setup.outgoingWebhook, url: receiver.url });
}

export function startRun(rows: number, tag = 'co'): string {
	const records = Array.from({ length: rows }, (_, i) => ({ company_name: `${tag} ${i}`, website: `${tag}-${i}.example` }));
	return bench.emu.startRun(WORKFLOW, { webhook_payload: records }).job_id;
}

/** Lets runs complete and pumps the deliveries, then waits for the node to finish what it does after answering. */
export async function deliver(advanceMs = RUN_MS) {
	bench.emu.clock.advance(advanceMs);
	const sent = await bench.emu.deliverWebhooks();
	await receiver?.settled();
	return sent;
}

export const started = () => bench.results.filter((r) => r.executionStarted);
export const finalRows = async (runId: string) => (await expectedFiles(bench.emu, runId)).pop()?.rows;
export const storageRequests = () => bench.emu.requests.filter((r) => r.origin === 'storage');
export const linkRequests = () => bench.emu.requests.filter((r) => r.path.endsWith('/download-links'));
export const answerOf = (result: WebhookResult) => JSON.parse(result.answer.body) as IDataObject;

/** Points the block at a receiver that keeps each delivery and answers 200, to replay them to the node at will. */
export async function capture(outgoingWebhook: Partial<OutgoingWebhook> = {}): Promise<WebhookRequest[]> {
	const captured: WebhookRequest[] = [];
	receiver = await startWebhookReceiver(async (request, respond) => {
		captured.push(request);
		respond({ status: 200, headers: {}, body: '' });
	});
	bench.emu.setOutgoingWebhook(WORKFLOW, { ...outgoingWebhook, url: receiver.url });
	return captured;
}

/**
 * Requests handled at the same time, as n8n handles them: each reads the static data the database
 * holds when it arrives, and each that changed it writes its whole copy back when it ends, the last
 * write winning.
 */
export async function postAtOnce(requests: WebhookRequest[]): Promise<WebhookResult[]> {
	const snapshot = bench.staticData;
	return await Promise.all(
		requests.map(async (request) => {
			const result = await runWebhook({ nodeType, credentials: credentials(), staticData: snapshot, request });
			if (result.staticDataChanged) bench.staticData = result.staticData;
			bench.results.push(result);
			return result;
		}),
	);
}
