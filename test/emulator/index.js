// @ts-check
'use strict';

const http = require('http');
const { createClock } = require('./clock');
const { defaultCatalogue } = require('./catalogue');
const { createApi, MAIN_ACCOUNT } = require('./api');
const { createRateLimit } = require('./rate-limit');
const { createFaults } = require('./faults');
const { createSigner } = require('./signing');
const { createApiHandler } = require('./api-server');
const { createStorageHandler } = require('./storage-server');
const { createOutgoingWebhooks } = require('./outgoing-webhooks');

/**
 * @typedef {import('./catalogue').WorkflowDefinition} WorkflowDefinition
 * @typedef {import('./clock').ClockOptions} ClockOptions
 * @typedef {import('./clock').Clock} Clock
 * @typedef {import('./faults').Fault} Fault
 * @typedef {import('./http-util').RecordedRequest} RecordedRequest
 * @typedef {import('./api').StartOptions} StartOptions
 * @typedef {import('./api').StartAnswer} StartAnswer
 * @typedef {import('./outgoing-webhooks').DeliveryTweaks} DeliveryTweaks
 * @typedef {import('./outgoing-webhooks').Attempt} WebhookAttempt
 * @typedef {import('./catalogue').OutgoingWebhook} OutgoingWebhook
 * @typedef {import('./api-server').WorkflowsEndpoint} WorkflowsEndpoint
 *
 * @typedef {object} EmulatorOptions
 * @property {string} [apiKey] default "sk_test_emulator"
 * @property {number | null} [rateLimitPerMinute] requests a minute per API key, then 429; default null (no limit)
 * @property {string} [host] default "127.0.0.1"
 * @property {number} [port] API origin port, 0 (default) for a free one
 * @property {number} [storagePort] storage origin port, 0 (default) for a free one
 * @property {ClockOptions} [clock] default { mode: 'manual' }
 * @property {string} [startTime] emulated epoch, default "2026-02-12T09:00:00Z"
 * @property {WorkflowDefinition[]} [catalogue] default defaultCatalogue()
 * @property {number} [linkTtlSeconds] default 900
 * @property {number} [credits] records that can still be enriched, default Infinity
 * @property {boolean} [recordRequests] keep emu.requests, default true
 * @property {string} [userId] user_id of every run and user_uuid of every workflow, default "user_emulator"
 * @property {string} [orgId] org_id of every workflow, default "org_emulator"
 * @property {WorkflowsEndpoint} [workflowsEndpoint] how GET /workflows and GET /workflows/{id} answer, default "served"
 */

/**
 * @param {http.Server} server
 * @param {string} host
 * @param {number} port
 * @returns {Promise<number>} the port it listens on
 */
function listen(server, host, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve(/** @type {import('net').AddressInfo} */ (server.address()).port);
		});
	});
}

/** @param {http.Server} server */
function closeServer(server) {
	return new Promise((resolve) => {
		server.close(() => resolve(undefined));
		server.closeAllConnections();
	});
}

/**
 * Starts the Sixtyfour Workflows API emulator: an API origin and a storage origin for result files.
 * @param {EmulatorOptions} [options]
 */
async function startEmulator(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const startMs = Date.parse(options.startTime ?? '2026-02-12T09:00:00Z');
	if (Number.isNaN(startMs)) throw new TypeError(`startTime is not a date: ${options.startTime}`);
	let apiKey = options.apiKey ?? 'sk_test_emulator';
	const clock = createClock(options.clock, startMs);
	const faults = createFaults();
	const signer = createSigner();
	/** @type {import('./outgoing-webhooks').OutgoingWebhooks | undefined} */
	let webhooks;
	const api = createApi({
		onRunStarted: (run) => webhooks?.follow(run),
		clock,
		signer,
		catalogue: options.catalogue ?? defaultCatalogue(),
		credits: options.credits ?? Infinity,
		linkTtlSeconds: options.linkTtlSeconds ?? 900,
		userId: options.userId ?? 'user_emulator',
		orgId: options.orgId ?? 'org_emulator',
	});
	/** @type {WorkflowsEndpoint} */
	let workflowsEndpoint = 'served';
	/** @param {WorkflowsEndpoint} mode */
	const setWorkflowsEndpoint = (mode) => {
		if (!['served', 'missing', 'forbidden'].includes(mode)) throw new TypeError(`workflowsEndpoint must be "served", "missing" or "forbidden", got ${JSON.stringify(mode)}`);
		workflowsEndpoint = mode;
	};
	setWorkflowsEndpoint(options.workflowsEndpoint ?? 'served');
	const outgoing = createOutgoingWebhooks({ api, clock });
	webhooks = outgoing;
	/** @type {RecordedRequest[]} */
	const requests = [];
	const recording = options.recordRequests ?? true;
	/** @type {Set<string>} keys of the accounts added besides the main one */
	const otherKeys = new Set();
	/** @param {unknown} key */
	const accountOf = (key) => (key === apiKey ? MAIN_ACCOUNT : typeof key === 'string' && otherKeys.has(key) ? key : null);
	const rateLimit = createRateLimit(() => clock.now());
	rateLimit.set(options.rateLimitPerMinute ?? null);
	const deps = {
		api,
		faults,
		signer,
		now: () => clock.now(),
		log: () => (recording ? requests : null),
		accountOf,
		rateLimit,
		workflowsEndpoint: () => workflowsEndpoint,
	};

	const apiServer = http.createServer(createApiHandler(deps));
	const storageServer = http.createServer(createStorageHandler(deps));
	const apiPort = await listen(apiServer, host, options.port ?? 0);
	const storagePort = await listen(storageServer, host, options.storagePort ?? 0).catch(async (error) => {
		await closeServer(apiServer);
		throw error;
	});
	const storageUrl = `http://${host}:${storagePort}`;
	api.setStorageUrl(storageUrl);

	return {
		baseUrl: `http://${host}:${apiPort}`,
		storageUrl,
		get apiKey() {
			return apiKey;
		},
		/** @param {string} key */
		setApiKey(key) {
			apiKey = key;
		},
		/**
		 * Opens another account with its own key: it sees only the runs started with that key (pass
		 * `{ account: key }` to `emu.startRun`), and other accounts' runs are not found for it.
		 * @param {string} key
		 */
		addApiKey(key) {
			otherKeys.add(key);
		},
		/**
		 * Requests a minute per API key (a sliding minute of the emulated clock), then 429 with
		 * Retry-After; null for no limit.
		 * @param {number | null} perMinute
		 */
		setRateLimit: (perMinute) => rateLimit.set(perMinute),
		/** Per API key: requests let through and refused by the rate limit (every authenticated request counts). */
		requestCounts: () => rateLimit.counts(),
		resetRequestCounts: () => rateLimit.resetCounts(),
		/** @type {Clock} */
		clock,
		faults,
		/** Requests to both origins in arrival order (empty when recordRequests is false). */
		requests,
		clearRequests() {
			requests.length = 0;
		},
		/**
		 * Starts a run through the same code as `POST /workflows/run`; throws an ApiError (.status, .body).
		 * @param {string} workflowId
		 * @param {unknown} [body]
		 * @param {StartOptions} [start]
		 * @returns {StartAnswer}
		 */
		startRun: (workflowId, body, start) => api.startRun(workflowId, body, start),
		/** @param {WorkflowDefinition} def */
		addWorkflow: (def) => api.addWorkflow(def),
		/**
		 * 'served' (default); 'missing': both workflow endpoints answer 404 {"detail":"Not Found"}, as a
		 * deployment without them; 'forbidden': 403 for every key, as a key that may not read workflows.
		 */
		setWorkflowsEndpoint,
		/** @param {number} n */
		setCredits: (n) => api.setCredits(n),
		getCredits: () => api.getCredits(),
		/** @param {number} seconds */
		setLinkTtl: (seconds) => api.setLinkTtl(seconds),
		/**
		 * Per-run override of the workflow's timing.visibilityLagMs.
		 * @param {string} jobId
		 * @param {number} ms emulated
		 */
		setVisibilityLag: (jobId, ms) => api.setVisibilityLag(jobId, ms),
		/**
		 * Per-run override of the workflow's timing.filesDelayMs.
		 * @param {string} jobId
		 * @param {number} ms emulated
		 */
		setFilesDelay: (jobId, ms) => api.setFilesDelay(jobId, ms),
		/** @param {string} jobId internal snapshot of a run, for tests */
		getRun: (jobId) => api.getRun(jobId),
		/**
		 * Sends the outgoing_webhook deliveries due by the emulated now (first attempts of runs that
		 * completed, retries whose backoff is over) and resolves with the POSTs sent. A manual clock
		 * sends nothing without it; a real clock also pumps on a timer.
		 * @returns {Promise<WebhookAttempt[]>}
		 */
		deliverWebhooks: () => outgoing.deliver(),
		/** Every outgoing_webhook POST sent, in order. @type {WebhookAttempt[]} */
		webhookLog: outgoing.log,
		/** Each outgoing_webhook event: id, run, attempts made, state ('pending', 'delivered', 'failed'). */
		webhookDeliveries: () => outgoing.deliveries(),
		/**
		 * How this run's delivery misbehaves: copies, delayMs, timestampOffsetSeconds, signature.
		 * @param {string} jobId
		 * @param {DeliveryTweaks} how
		 */
		setDelivery: (jobId, how) => outgoing.setDelivery(jobId, how),
		/**
		 * Sets a workflow's outgoing_webhook target, secrets or retry settings.
		 * @param {string} workflowId
		 * @param {Partial<OutgoingWebhook>} config
		 */
		setOutgoingWebhook: (workflowId, config) => outgoing.configure(workflowId, config),
		async close() {
			await outgoing.close();
			await Promise.all([closeServer(apiServer), closeServer(storageServer)]);
		},
	};
}

/** @typedef {Awaited<ReturnType<typeof startEmulator>>} Emulator */

module.exports = { startEmulator, defaultCatalogue };
