// @ts-check
// A scripted OpenAI-compatible model on loopback, for an n8n AI Agent with the OpenAI Chat Model
// (credential base URL pointed here, Responses API off): it answers POST /v1/chat/completions with
// the next step of a script, either tool calls or a final text, and keeps every request it got.
import { createServer } from 'node:http';

/**
 * @typedef {{ name: string, arguments: Record<string, unknown> }} ToolCall
 * @typedef {{ toolCalls: ToolCall[] } | { text: string }} Step
 * @typedef {{ body: any, headers: import('node:http').IncomingHttpHeaders, raw: string }} ModelRequest
 */

/** @param {ModelRequest['body']} body @param {string} id @param {Step} step */
function completion(body, id, step) {
	const message =
		'text' in step
			? { role: 'assistant', content: step.text }
			: {
					role: 'assistant',
					content: null,
					tool_calls: step.toolCalls.map((call, index) => ({
						id: `call_${id}_${index}`,
						type: 'function',
						function: { name: call.name, arguments: JSON.stringify(call.arguments) },
					})),
				};
	return {
		id: `chatcmpl-${id}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model ?? 'scripted',
		choices: [{ index: 0, message, finish_reason: 'text' in step ? 'stop' : 'tool_calls' }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/**
 * Starts the model. `script` gives the step for each request, from the request's messages (so that a
 * step can depend on what the tools answered); undefined ends the conversation with "Done.".
 * @param {(request: ModelRequest, turn: number) => Step | undefined} script
 */
export async function startFakeModel(script) {
	/** @type {ModelRequest[]} */
	const requests = [];
	const server = createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			/** @type {ModelRequest} */
			const request = { body: JSON.parse(raw), headers: req.headers, raw };
			requests.push(request);
			let step;
			try {
				step = script(request, requests.length - 1) ?? { text: 'Done.' };
			} catch (error) {
				res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(error) } }));
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(request.body, String(requests.length), step)));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		/** Base URL for the OpenAI credential's `url`. */
		url: `http://127.0.0.1:${address.port}/v1`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/**
 * The tool messages of a request: what each tool call gave the model.
 * @param {ModelRequest} request
 * @returns {Array<{ toolCallId: string, content: string }>}
 */
export function toolMessages(request) {
	return request.body.messages
		.filter((/** @type {any} */ message) => message.role === 'tool')
		.map((/** @type {any} */ message) => ({
			toolCallId: message.tool_call_id,
			content: typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
		}));
}
