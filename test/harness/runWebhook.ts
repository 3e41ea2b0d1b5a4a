import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ApplicationError, jsonParse } from 'n8n-workflow';

import { createAdditionalData } from './additionalData';
import type { HarnessCredentials } from './credentialsHelper';
import { HarnessCredentialsHelper } from './credentialsHelper';
import type { HarnessNode } from './executeWorkflow';
import type { LogLine } from './logs';
import { captureLogs } from './logs';
import { singleNodeWorkflow } from './singleNodeWorkflow';

/** One HTTP request to the node's webhook URL, as it arrived. */
export interface WebhookRequest {
	/** Header names in lower case, as Node's http gives them. */
	headers: Record<string, string>;
	/** The body's bytes as sent. */
	body: Buffer;
}

/** The HTTP answer the caller receives. */
export interface WebhookAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface WebhookOptions {
	nodeType: INodeType;
	node?: Partial<HarnessNode>;
	credentials?: HarnessCredentials;
	/** 'webhook': an active workflow's production URL; 'manual': the editor's test URL. */
	mode?: 'webhook' | 'manual';
	/** The node's static data (`this.getWorkflowStaticData('node')`) before this request. */
	staticData?: IDataObject;
	request: WebhookRequest;
	/** Called the moment the answer is final, which is before webhook() returns when the node answers itself. */
	onAnswer?: (answer: WebhookAnswer) => void;
	/** The node's first attempt to answer throws (a failure at the last moment before it fires). */
	failFirstAnswer?: boolean;
}

export interface WebhookResult {
	answer: WebhookAnswer;
	/** Whether n8n would start an execution: webhook() returned workflowData. */
	executionStarted: boolean;
	/** The trigger's output items of that execution. */
	items: INodeExecutionData[];
	/** Whether the answer went out before webhook() returned (the node answered, then kept working). */
	answeredBeforeReturn: boolean;
	/** The node's static data afterwards, as n8n saves it with the answer (unchanged in manual mode). */
	staticData: IDataObject;
	staticDataChanged: boolean;
	/** What webhook() threw: n8n answers 500 and records a failed execution. */
	error?: Error;
	logs: LogLine[];
}

/** A response object with the calls a node makes on it, recording the answer. */
class RecordingResponse {
	answer?: WebhookAnswer;

	private status = 200;

	private headers: Record<string, string> = {};

	constructor(
		private readonly onEnd: (answer: WebhookAnswer) => void,
		private failNextWrite = false,
	) {}

	get headersSent(): boolean {
		return this.answer !== undefined;
	}

	writeHead(status: number, headers: Record<string, string> = {}): this {
		if (this.failNextWrite) {
			this.failNextWrite = false;
			throw new ApplicationError('The answer could not be written');
		}
		this.status = status;
		this.headers = { ...this.headers, ...headers };
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	end(body: string | Buffer = ''): this {
		if (this.answer !== undefined) throw new ApplicationError('The webhook response was ended twice');
		this.answer = { status: this.status, headers: this.headers, body: body.toString() };
		this.onEnd(this.answer);
		return this;
	}
}

const json = (status: number, body: unknown): WebhookAnswer => ({
	status,
	headers: { 'content-type': 'application/json; charset=utf-8' },
	body: JSON.stringify(body),
});

let requestCount = 0;

/**
 * The body as n8n's parseBody leaves it for the node, by content type (its parameters ignored):
 * JSON parsed (422 when it is not JSON, and the node never runs), text/plain as a string, any
 * other type not parsed (an empty object).
 */
function parsedBody(request: WebhookRequest): { body: unknown } | { refused: WebhookAnswer; error: Error } {
	const raw = request.body;
	const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (raw.length === 0) return { body: {} };
	if (contentType === 'text/plain') return { body: raw.toString('utf8') };
	if (contentType !== 'application/json') return { body: {} };
	try {
		return { body: jsonParse(raw.toString('utf8')) };
	} catch (error) {
		return { refused: json(422, { code: 422, message: 'Failed to parse request body' }), error: error as Error };
	}
}

/**
 * Runs one webhook request through a real WebhookContext and answers it by the rules of n8n's
 * `executeWebhook` (cli webhook-helpers) and live-webhooks, which are not published; read in 2.41.0
 * and 1.123.81:
 * - the body is parsed by its content type first (see parsedBody);
 * - `noWebhookResponse`: the node answered through the response object itself; static data saved;
 * - no `workflowData`: `webhookResponse` (or `{"message":"Webhook call received"}`), 200, no
 *   execution; static data saved;
 * - `workflowData` with response mode onReceived, not answered by the node: the answer is the
 *   description's responseData (by default the literal text `firstEntryJson`), and the static data
 *   changes are NOT saved. That is n8n 2.41, which answers after starting the execution, whose new
 *   Workflow wraps the static data again and clears its changed flag; 1.123 answers before
 *   preparing the execution and saves them. The harness models the version that loses them;
 * - webhook() throws: 500 `{"message":"Error in workflow"}`; static data not saved.
 */
export async function runWebhook(options: WebhookOptions): Promise<WebhookResult> {
	const { webhook, description } = options.nodeType;
	const webhookDescription = description.webhooks?.[0];
	if (webhook === undefined || webhookDescription === undefined) {
		throw new ApplicationError(`Node type "${description.name}" has no webhook()`);
	}
	const mode: WorkflowExecuteMode = options.mode ?? 'webhook';
	const asStored = (data: IDataObject) => jsonParse<IDataObject>(JSON.stringify(data));
	const given = asStored(options.staticData ?? {});
	const { workflow, node } = singleNodeWorkflow({ ...options, nodeStaticData: asStored(given) });

	let returned = false;
	let answeredBeforeReturn = false;
	const finalAnswer = (answer: WebhookAnswer) => {
		answeredBeforeReturn = !returned;
		options.onAnswer?.(answer);
	};
	const staticDataAfter = () => (mode === 'manual' ? given : asStored(workflow.getStaticData('node', node)));
	const unstarted = (answer: WebhookAnswer, error?: Error): WebhookResult => {
		finalAnswer(answer);
		return { answer, executionStarted: false, items: [], answeredBeforeReturn, staticData: staticDataAfter(), staticDataChanged: false, error, logs: [] };
	};

	const raw = options.request.body;
	const parsed = parsedBody(options.request);
	if ('refused' in parsed) return unstarted(parsed.refused, parsed.error);
	const { body } = parsed;

	const response = new RecordingResponse(finalAnswer, options.failFirstAnswer === true);
	const request = { method: 'POST', headers: options.request.headers, body, rawBody: raw, query: {}, params: {} };
	const additionalData = createAdditionalData({
		credentialsHelper: new HarnessCredentialsHelper(options.credentials ?? {}),
		executionId: `harness-webhook-${++requestCount}`,
	});
	Object.assign(additionalData, { httpRequest: request, httpResponse: response });
	const webhookData: IWebhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: String(webhookDescription.path),
		webhookDescription,
		workflowId: String(workflow.id),
		workflowExecuteAdditionalData: additionalData,
		isTest: mode === 'manual',
	};
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);

	const { value, logs } = await captureLogs(async () => {
		try {
			return { data: await webhook.call(context) };
		} catch (error) {
			return { error: error as Error };
		}
	});
	returned = true;
	const staticDataChanged = workflow.staticData.__dataChanged === true;
	const settle = (answer: WebhookAnswer | undefined, data?: IWebhookResponseData): WebhookResult => {
		if (answer === undefined) throw new ApplicationError('The node asked n8n not to answer, but answered nothing itself');
		return {
			answer,
			executionStarted: data?.workflowData !== undefined,
			items: data?.workflowData?.[0] ?? [],
			answeredBeforeReturn,
			staticData: staticDataAfter(),
			staticDataChanged,
			error: value.error,
			logs,
		};
	};
	if (value.error !== undefined) {
		if (response.answer === undefined) response.writeHead(500).end(JSON.stringify({ message: 'Error in workflow' }));
		return { ...settle(response.answer), executionStarted: false, items: [], staticData: given, staticDataChanged: false };
	}
	const data = value.data as IWebhookResponseData;
	if (data.noWebhookResponse === true) return settle(response.answer, data);
	if (data.workflowData === undefined) {
		const answer = json(200, data.webhookResponse ?? { message: 'Webhook call received' });
		finalAnswer(answer);
		return settle(answer, data);
	}
	// n8n prepares the execution first, which wraps the static data again and clears its changed
	// flag, and then answers with the description's responseData, by default the word itself.
	const answer: WebhookAnswer = { status: 200, headers: {}, body: String(webhookDescription.responseData ?? 'firstEntryJson') };
	finalAnswer(answer);
	return { ...settle(answer, data), staticData: given, staticDataChanged: false };
}
