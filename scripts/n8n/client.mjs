// @ts-check
// A small client for the REST API n8n's own editor uses (`/rest/...`), logged in with the owner's
// session cookie. Every call here works unchanged on n8n 1.123 and 2.41.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const FINISHED_STATUSES = new Set(['success', 'error', 'crashed', 'canceled']);
const EXECUTION_TIMEOUT_MS = 120_000;

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {{ message: string, description?: string, httpCode?: string, name?: string }} NodeError
 * @typedef {object} NodeRun
 * @property {Array<Array<Record<string, unknown>>>} outputs the `json` of each item, per output
 * @property {NodeError} [error]
 * @typedef {object} ExecutionResult
 * @property {string} id
 * @property {string} status 'success' | 'error' | 'crashed' | 'canceled' | ...
 * @property {string} mode 'manual' | 'trigger' | ...
 * @property {Record<string, NodeRun>} nodes each executed node's last run, by node name
 * @property {NodeError} [error] the workflow-level error, if any
 * @property {Record<string, any>} runData n8n's raw `resultData.runData`
 */

export class N8nClient {
	/**
	 * @param {string} url n8n's base URL
	 * @param {string} installDir the n8n install (from ensureN8n) being talked to
	 */
	constructor(url, installDir) {
		this.url = url;
		// Execution data comes serialised with `flatted`; n8n ships the parser.
		const requireFromN8n = createRequire(join(installDir, 'node_modules', 'n8n', 'package.json'));
		/** @type {(text: string) => any} */
		this.parseFlatted = requireFromN8n('flatted').parse;
		/** @type {string | undefined} */
		this.cookie = undefined;
	}

	/**
	 * @param {string} method
	 * @param {string} path below `/rest`
	 * @param {unknown} [body]
	 * @returns {Promise<any>} the answer's `data`
	 */
	async request(method, path, body) {
		const response = await this.send(method, path, body);
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`n8n ${method} /rest${path} answered ${response.status}: ${text.slice(0, 500)}`);
		}
		return text ? JSON.parse(text).data : undefined;
	}

	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} [body]
	 */
	async send(method, path, body) {
		/** @type {Record<string, string>} */
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		return await fetch(`${this.url}/rest${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}

	/** @param {Response} response */
	keepSessionCookie(response) {
		const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!setCookie) {
			throw new Error(`n8n did not issue a session cookie (${response.status} ${response.url})`);
		}
		this.cookie = setCookie.split(';')[0];
	}

	/**
	 * Creates the owner account on a fresh n8n, or logs in when it exists already.
	 * @param {{ email: string, firstName: string, lastName: string, password: string }} owner
	 */
	async setUpOwner(owner) {
		const setup = await this.send('POST', '/owner/setup', owner);
		if (setup.ok) {
			this.keepSessionCookie(setup);
			return;
		}
		await this.login(owner);
	}

	/** @param {{ email: string, password: string }} user */
	async login({ email, password }) {
		const response = await this.send('POST', '/login', { emailOrLdapLoginId: email, password });
		if (!response.ok) throw new Error(`n8n login failed (${response.status}): ${await response.text()}`);
		this.keepSessionCookie(response);
	}

	/** @returns {Promise<{ nodes: string[], credentials: string[] }>} every registered type name */
	async listTypes() {
		const nodes = await this.fetchStatic('/types/nodes.json');
		const credentials = await this.fetchStatic('/types/credentials.json');
		return {
			nodes: nodes.map((/** @type {{ name: string }} */ n) => n.name),
			credentials: credentials.map((/** @type {{ name: string }} */ c) => c.name),
		};
	}

	/** @param {string} path */
	async fetchStatic(path) {
		const response = await fetch(`${this.url}${path}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
		if (!response.ok) throw new Error(`n8n GET ${path} answered ${response.status}`);
		return await response.json();
	}

	/**
	 * @param {{ name: string, type?: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<{ id: string, name: string, type: string }>}
	 */
	async createCredential({ name, type = 'sixtyfourApi', data }) {
		const created = await this.request('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name, type: created.type };
	}

	/** @param {string} id */
	async deleteCredential(id) {
		await this.request('DELETE', `/credentials/${id}`);
	}

	/**
	 * Runs n8n's own credential test, as the editor does after saving a credential: on the saved
	 * credential `id` (with `data` overriding stored fields), or without `id` on a credential saved
	 * just for the test and deleted afterwards (n8n 1.x tests saved credentials only).
	 * @param {{ id?: string, name?: string, type?: string, data?: Record<string, unknown> }} credential
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential({ id, name = 'Credential test', type = 'sixtyfourApi', data = {} }) {
		if (id) return await this.request('POST', '/credentials/test', { credentials: { id, name, type, data } });
		const saved = await this.createCredential({ name, type, data });
		try {
			return await this.testCredential({ ...saved, data });
		} finally {
			await this.deleteCredential(saved.id);
		}
	}

	/**
	 * Saves a workflow (e.g. an exported `examples/*.json`), inactive.
	 * @param {{ name: string, nodes: Array<Record<string, any>>, connections: Record<string, unknown>, settings?: Record<string, unknown>, pinData?: Record<string, unknown> }} workflow
	 * @param {{ credentials?: Record<string, { id: string, name: string }> }} [options] credentials
	 *   by type: every node that references a credential of that type is pointed at this one
	 * @returns {Promise<{ id: string, versionId: string }>}
	 */
	async createWorkflow(workflow, { credentials = {} } = {}) {
		// An exported workflow's id, active flag and credential ids belong to the n8n it came from.
		const nodes = workflow.nodes.map((node) => {
			if (!node.credentials) return node;
			const rebound = { ...node.credentials };
			for (const type of Object.keys(rebound)) {
				if (credentials[type]) rebound[type] = { id: credentials[type].id, name: credentials[type].name };
			}
			return { ...node, credentials: rebound };
		});
		/** @type {Record<string, unknown>} */
		const body = { settings: {}, ...workflow, nodes, active: false };
		delete body.id;
		const created = await this.request('POST', '/workflows', body);
		return { id: created.id, versionId: created.versionId };
	}

	/** @param {string} id */
	async getWorkflow(id) {
		return await this.request('GET', `/workflows/${id}`);
	}

	/** Activates (publishes) the workflow's current version, so its triggers start. @param {string} id */
	async activateWorkflow(id) {
		const { versionId } = await this.getWorkflow(id);
		await this.request('POST', `/workflows/${id}/activate`, { versionId });
	}

	/** @param {string} id */
	async deactivateWorkflow(id) {
		await this.request('POST', `/workflows/${id}/deactivate`, {});
	}

	/**
	 * Runs a saved workflow the way the editor's "Execute workflow" button does and waits for it.
	 * @param {string} id
	 * @param {{ triggerNode?: string }} [options] trigger to start from; default the workflow's only
	 *   trigger (for a polling trigger this is its "Fetch Test Event")
	 * @returns {Promise<ExecutionResult>}
	 */
	async executeWorkflow(id, options = {}) {
		return await this.waitForExecution(await this.startWorkflow(id, options));
	}

	/**
	 * Starts a saved workflow as the editor's "Execute workflow" button does, without waiting.
	 * @param {string} id
	 * @param {{ triggerNode?: string }} [options] as for executeWorkflow
	 * @returns {Promise<string>} the execution id
	 */
	async startWorkflow(id, { triggerNode } = {}) {
		const workflow = await this.getWorkflow(id);
		const trigger = triggerNode ?? findTriggerName(workflow.nodes);
		const started = await this.request('POST', `/workflows/${id}/run`, {
			workflowData: workflow,
			triggerToStartFrom: { name: trigger },
		});
		if (!started?.executionId) throw new Error(`n8n did not start workflow ${id}: ${JSON.stringify(started)}`);
		return String(started.executionId);
	}

	/** Stops a running execution, as the editor's stop button does. @param {string} executionId */
	async stopExecution(executionId) {
		return await this.request('POST', `/executions/${executionId}/stop`, {});
	}

	/**
	 * The bytes of a binary data entry (an item's `binary.<name>.id`), as the editor downloads them.
	 * @param {string} binaryDataId e.g. `database:...` or `filesystem-v2:...`
	 * @returns {Promise<Buffer>}
	 */
	async getBinaryData(binaryDataId) {
		const response = await this.send('GET', `/binary-data?${new URLSearchParams({ id: binaryDataId, action: 'download' })}`);
		if (!response.ok) throw new Error(`n8n GET /rest/binary-data answered ${response.status} for ${binaryDataId}`);
		return Buffer.from(await response.arrayBuffer());
	}

	/**
	 * @param {string} executionId
	 * @param {number} [timeoutMs]
	 * @returns {Promise<ExecutionResult>}
	 */
	async waitForExecution(executionId, timeoutMs = EXECUTION_TIMEOUT_MS) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(executionId);
			if (execution && FINISHED_STATUSES.has(execution.status)) return execution;
			if (Date.now() > deadline) {
				throw new Error(`execution ${executionId} still ${execution?.status} after ${timeoutMs / 1000} s`);
			}
			await pause(250);
		}
	}

	/**
	 * @param {string} executionId
	 * @returns {Promise<ExecutionResult>}
	 */
	async getExecution(executionId) {
		const execution = await this.request('GET', `/executions/${executionId}`);
		const data = typeof execution.data === 'string' ? this.parseFlatted(execution.data) : execution.data;
		const runData = data?.resultData?.runData ?? {};
		/** @type {Record<string, NodeRun>} */
		const nodes = {};
		for (const [name, runs] of Object.entries(runData)) {
			const last = runs[runs.length - 1];
			nodes[name] = {
				outputs: (last.data?.main ?? []).map((/** @type {any[] | null} */ items) =>
					(items ?? []).map((item) => item.json),
				),
				...(last.error ? { error: summariseError(last.error) } : {}),
			};
		}
		const error = data?.resultData?.error;
		return {
			id: String(execution.id),
			status: execution.status,
			mode: execution.mode,
			nodes,
			...(error ? { error: summariseError(error) } : {}),
			runData,
		};
	}

	/**
	 * Newest first, summaries only (no node data); fetch one with getExecution for its output.
	 * @param {{ workflowId?: string, status?: string, limit?: number }} [filter]
	 * @returns {Promise<Array<{ id: string, status: string, mode: string, workflowId: string, startedAt: string, stoppedAt?: string }>>}
	 */
	async getExecutions({ workflowId, status, limit = 50 } = {}) {
		/** @type {Record<string, unknown>} */
		const filter = {};
		if (workflowId) filter.workflowId = workflowId;
		if (status) filter.status = [status];
		const query = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
		const { results } = await this.request('GET', `/executions?${query}`);
		return results.map((/** @type {any} */ e) => ({
			id: String(e.id),
			status: e.status,
			mode: e.mode,
			workflowId: String(e.workflowId),
			startedAt: e.startedAt,
			stoppedAt: e.stoppedAt,
		}));
	}
}

/**
 * @param {Array<{ name: string, type: string }>} nodes
 * @returns {string}
 */
function findTriggerName(nodes) {
	const triggers = nodes.filter((n) => /trigger$/i.test(n.type) || n.type.endsWith('.webhook'));
	if (triggers.length !== 1) {
		throw new Error(`say which trigger to start from; the workflow has ${triggers.length} triggers`);
	}
	return triggers[0].name;
}

/**
 * @param {any} error
 * @returns {NodeError}
 */
function summariseError(error) {
	return {
		message: error.message,
		...(error.description ? { description: error.description } : {}),
		...(error.httpCode ? { httpCode: String(error.httpCode) } : {}),
		...(error.name ? { name: error.name } : {}),
	};
}
