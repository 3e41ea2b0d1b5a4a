// @ts-check
'use strict';

const { randomBytes } = require('crypto');
const { isoTime } = require('./clock');
const { normaliseWorkflow } = require('./catalogue');
const { apiError, validationError, enumError } = require('./errors');
const { createRun, runState, listedState, runListEntry, liveStatus } = require('./runs');
const { resultFiles, fileSize, inlineRows } = require('./results');
const { FORMAT_NAMES } = require('./formats');
const { workflowEntry, workflowDetail } = require('./workflows');

/**
 * @typedef {import('./catalogue').Workflow} Workflow
 * @typedef {import('./catalogue').WorkflowDefinition} WorkflowDefinition
 * @typedef {import('./runs').Run} Run
 * @typedef {import('./errors').FieldError} FieldError
 * @typedef {import('./clock').Clock} Clock
 * @typedef {import('./signing').Signer} Signer
 * @typedef {import('./formats').FormatName} FormatName
 *
 * @typedef {object} StartOptions
 * @property {string | null} [idempotencyKey]
 * @property {boolean | null} [saveJson]
 * @property {string[]} [resultFormats]
 * @property {string} [account] whose run it is: MAIN_ACCOUNT (the default) or an added API key
 *
 * @typedef {{ status: string, workflow_id: string, job_id: string, cache_config: null, already_started?: true }} StartAnswer
 */

const STATUS_FILTERS = ['running', 'completed', 'cancelled', 'active'];
/** The account of the emulator's main API key (which `emu.setApiKey` can change). */
const MAIN_ACCOUNT = '';
const BUCKET = 'sixtyfour-results';

/**
 * The errors FastAPI would report for a run request body (already parsed from JSON).
 * @param {unknown} body undefined when no body was sent
 * @returns {FieldError[]}
 */
function runBodyErrors(body) {
	if (body === undefined || body === null) return [];
	if (typeof body !== 'object' || Array.isArray(body)) {
		return [{ loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' }];
	}
	/** @type {FieldError[]} */
	const errors = [];
	const { webhook_payload: payload, specs_override: specs } = /** @type {Record<string, unknown>} */ (body);
	if (Array.isArray(payload)) {
		payload.forEach((record, index) => {
			if (!isPlainObject(record)) errors.push({ loc: ['body', 'webhook_payload', index], msg: 'Input should be a valid dictionary', type: 'dict_type' });
		});
	} else if (payload !== undefined && payload !== null && !isPlainObject(payload)) {
		errors.push({ loc: ['body', 'webhook_payload'], msg: 'Input should be a valid dictionary or list of dictionaries', type: 'dict_type' });
	}
	if (specs !== undefined && specs !== null && !isPlainObject(specs)) {
		errors.push({ loc: ['body', 'specs_override'], msg: 'Input should be a valid dictionary', type: 'dict_type' });
	}
	return errors;
}

/**
 * FastAPI's errors for `result_formats` values that are not a format it writes.
 * @param {readonly string[]} formats
 * @returns {FieldError[]}
 */
function resultFormatErrors(formats) {
	/** @type {FieldError[]} */
	const errors = [];
	formats.forEach((format, index) => {
		if (!FORMAT_NAMES.includes(/** @type {FormatName} */ (format))) errors.push(enumError(['query', 'result_formats', index], FORMAT_NAMES));
	});
	return errors;
}

/**
 * @param {string} name
 * @param {number} ms
 */
function nonNegative(name, ms) {
	if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a number >= 0, got ${ms}`);
	return ms;
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The Sixtyfour Workflows API as a model: runs, credits, idempotency and result links. The HTTP
 * layer and `emu.startRun` both call it, so seeded runs and HTTP runs behave the same.
 * @param {object} options
 * @param {Clock} options.clock
 * @param {WorkflowDefinition[]} options.catalogue
 * @param {number} options.credits
 * @param {number} options.linkTtlSeconds
 * @param {Signer} options.signer
 * @param {string} options.userId
 * @param {string} [options.orgId] org_id of every workflow (default "org_emulator")
 * @param {(run: Run) => void} [options.onRunStarted] told of every run started (the outgoing webhooks follow them)
 */
function createApi(options) {
	const { clock, signer, userId } = options;
	/** @type {Map<string, Workflow>} */
	const workflows = new Map();
	// Creation order; the clock never goes back, so this is also queued_at order.
	/** @type {Run[]} */
	const runs = [];
	/** @type {Map<string, Run>} */
	const runsById = new Map();
	/** @type {Map<string, Run>} */
	const runsByIdempotencyKey = new Map();
	/** @type {Map<string, string>} run id to the account that started it */
	const accounts = new Map();
	let credits = options.credits;
	let linkTtlSeconds = options.linkTtlSeconds;
	let storageUrl = '';

	/** @param {WorkflowDefinition} def */
	function addWorkflow(def) {
		const workflow = normaliseWorkflow(def, isoTime(clock.now()) ?? undefined);
		workflows.set(workflow.id, workflow);
		return workflow;
	}
	options.catalogue.forEach(addWorkflow);

	/**
	 * @param {string} runId
	 * @param {string} [account] when given, another account's run is not found either
	 */
	function findRun(runId, account) {
		const run = runsById.get(runId);
		if (!run || (account !== undefined && accounts.get(runId) !== account)) throw apiError(404, 'not_found', `Workflow run '${runId}' not found`);
		return run;
	}

	/** @param {string} workflowId */
	function findWorkflow(workflowId) {
		const workflow = workflows.get(workflowId);
		if (!workflow) throw apiError(404, 'not_found', `Workflow '${workflowId}' not found`);
		return workflow;
	}

	/**
	 * Who owns a workflow and when the account last ran it, as GET /workflows tells it.
	 * @param {Workflow} workflow
	 * @param {string} account
	 */
	function aboutWorkflow(workflow, account) {
		let lastRunAt = null;
		for (let i = runs.length - 1; i >= 0 && lastRunAt === null; i--) {
			if (runs[i].workflow.id === workflow.id && accounts.get(runs[i].jobId) === account) lastRunAt = runs[i].queuedAt;
		}
		return { userId, orgId: options.orgId ?? 'org_emulator', lastRunAt };
	}

	/**
	 * `GET /workflows`: every workflow, in catalogue order (the reference gives no order).
	 * @param {string} [account]
	 */
	function listWorkflows(account = MAIN_ACCOUNT) {
		return [...workflows.values()].map((workflow) => workflowEntry(workflow, aboutWorkflow(workflow, account)));
	}

	/**
	 * `GET /workflows/{workflow_id}`; 404 for an unknown id.
	 * @param {string} workflowId
	 * @param {string} [account]
	 */
	function getWorkflow(workflowId, account = MAIN_ACCOUNT) {
		const workflow = findWorkflow(workflowId);
		return workflowDetail(workflow, aboutWorkflow(workflow, account));
	}

	function newJobId() {
		let id;
		do id = `run_${randomBytes(6).toString('hex')}`;
		while (runsById.has(id));
		return id;
	}

	/**
	 * `POST /workflows/run` after its query has been read.
	 * @param {string} workflowId
	 * @param {unknown} body the parsed JSON body, undefined when none was sent
	 * @param {StartOptions} [start]
	 * @returns {StartAnswer}
	 */
	function startRun(workflowId, body, start = {}) {
		const errors = [...resultFormatErrors(start.resultFormats ?? []), ...runBodyErrors(body)];
		if (errors.length > 0) throw validationError(errors);
		const workflow = findWorkflow(workflowId);
		if (workflow.source !== 'webhook') {
			throw apiError(400, 'invalid_workflow', 'Workflows starting with read_csv cannot be triggered via API. Use workflows that start with a webhook block.');
		}
		const idempotencyKey = start.idempotencyKey ?? null;
		const earlier = idempotencyKey === null ? undefined : runsByIdempotencyKey.get(idempotencyKey);
		if (earlier) {
			if (earlier.workflow.id !== workflowId) {
				throw apiError(409, 'idempotency_conflict', `Idempotency-Key '${idempotencyKey}' was already used to start workflow '${earlier.workflow.id}'`);
			}
			const status = runState(earlier, clock.now()).status;
			return { status, workflow_id: earlier.workflow.id, job_id: earlier.jobId, cache_config: null, already_started: true };
		}
		const { webhook_payload: payload, specs_override: specs } = /** @type {Record<string, unknown>} */ (body ?? {});
		const records = /** @type {Record<string, unknown>[]} */ (Array.isArray(payload) ? payload : isPlainObject(payload) ? [payload] : []);
		const needed = workflow.synthetic ? workflow.synthetic.rows : records.length;
		if (needed > credits) {
			throw apiError(402, 'insufficient_credits', `Insufficient credits: this run needs ${needed} credits, ${credits} left`);
		}
		credits -= needed;
		const run = createRun({
			jobId: newJobId(),
			workflow,
			records,
			now: clock.now(),
			seq: runs.length,
			idempotencyKey,
			saveJson: start.saveJson ?? null,
			resultFormats: start.resultFormats ?? [],
			specsOverride: isPlainObject(specs) ? specs : null,
			userId,
		});
		runs.push(run);
		runsById.set(run.jobId, run);
		accounts.set(run.jobId, start.account ?? MAIN_ACCOUNT);
		options.onRunStarted?.(run);
		if (idempotencyKey !== null) runsByIdempotencyKey.set(idempotencyKey, run);
		return { status: 'queued', workflow_id: workflowId, job_id: run.jobId, cache_config: null };
	}

	/**
	 * `GET /workflows/runs`, newest queued_at first: the account's runs, or every run without one.
	 * @param {{ status?: string, workflowId?: string, limit: number, account?: string }} query
	 */
	function listRuns(query) {
		if (query.workflowId !== undefined) findWorkflow(query.workflowId);
		const now = clock.now();
		const entries = [];
		for (let i = runs.length - 1; i >= 0 && entries.length < query.limit; i--) {
			const run = runs[i];
			if (query.workflowId !== undefined && run.workflow.id !== query.workflowId) continue;
			if (query.account !== undefined && accounts.get(run.jobId) !== query.account) continue;
			const state = listedState(run, runState(run, now), now);
			if (query.status === 'active' ? state.status !== 'queued' && state.status !== 'running' : query.status !== undefined && state.status !== query.status) {
				continue;
			}
			entries.push(runListEntry(run, state));
		}
		return entries;
	}

	/**
	 * @param {string} jobId
	 * @param {string} [account]
	 */
	function cancel(jobId, account) {
		const run = findRun(jobId, account);
		const now = clock.now();
		const status = runState(run, now).status;
		if (status !== 'queued' && status !== 'running') return { job_id: jobId, status };
		run.cancelledAt = now;
		return { job_id: jobId, status: 'cancelled' };
	}

	/**
	 * The files a run has now. With a files delay the run uploads its results at the end: none
	 * until its end + delay, then all of them at once.
	 * @param {Run} run
	 */
	function filesNow(run) {
		const now = clock.now();
		const state = runState(run, now);
		const ended = state.status !== 'queued' && state.status !== 'running';
		if (run.filesDelayMs > 0 && !(ended && now >= state.at + run.filesDelayMs)) return [];
		return resultFiles(run, state);
	}

	/**
	 * Path of a result file on the storage origin.
	 * @param {string} runId
	 * @param {string} filename
	 */
	function storagePath(runId, filename) {
		return `/${BUCKET}/${encodeURIComponent(runId)}/${encodeURIComponent(filename)}`;
	}

	/**
	 * `GET /workflows/runs/{run_id}/results/download-links`.
	 * @param {string} runId
	 * @param {{ signingFails?: boolean, format?: FormatName, account?: string }} [how] `format`: only the files in that format
	 */
	function downloadLinks(runId, how = {}) {
		const run = findRun(runId, how.account);
		const now = clock.now();
		const expires = Math.floor(now / 1000) + linkTtlSeconds;
		const files = filesNow(run).filter((file) => how.format === undefined || file.format.name === how.format);
		return files.map((file) => {
			const path = storagePath(run.jobId, file.filename);
			const rowCount = file.source.rowCount;
			return {
				filename: file.filename,
				storage_bucket: BUCKET,
				row_count: rowCount,
				block_number: file.blockNumber,
				created_at: isoTime(file.createdAt),
				message: how.signingFails ? 'signing failed' : file.message,
				download_url: how.signingFails ? null : `${storageUrl}${path}?expires=${expires}&signature=${signer.sign(path, expires)}`,
				download_expires_in_seconds: how.signingFails ? null : linkTtlSeconds,
				file_size: fileSize(run, file),
				content_type: file.format.contentType,
				...(rowCount <= run.workflow.inlineResultsMaxRows ? { results: inlineRows(file.source) } : {}),
			};
		});
	}

	/**
	 * The file a storage path names, as the run stands now.
	 * @param {string} runId
	 * @param {string} filename
	 */
	function resultFile(runId, filename) {
		const run = runsById.get(runId);
		if (!run) return null;
		const file = filesNow(run).find((f) => f.filename === filename);
		return file ? { run, file } : null;
	}

	/**
	 * The final CSV file of a run as an outgoing_webhook delivery describes it: its download-links
	 * entry (freshly signed, without `results`) and its first `inlineMax` rows; null while it has none.
	 * @param {string} runId
	 * @param {number} inlineMax
	 */
	function finalResults(runId, inlineMax) {
		const run = findRun(runId);
		const csv = filesNow(run).filter((file) => file.format.name === 'csv' && file.blockNumber === run.workflow.blocks.length);
		if (csv.length === 0) return null;
		const entry = downloadLinks(runId, { format: 'csv' }).find((candidate) => candidate.filename === csv[0].filename);
		if (!entry) return null;
		const described = { ...entry };
		delete described.results;
		return { entry: described, rows: inlineRows(csv[0].source, inlineMax) };
	}

	return {
		startRun,
		listRuns,
		listWorkflows,
		getWorkflow,
		finalResults,
		/** The live catalogue entry (runs share it, so a change reaches runs already started). */
		workflow: findWorkflow,
		cancel,
		downloadLinks,
		resultFile,
		addWorkflow,
		/**
		 * @param {string} runId
		 * @param {string} [account]
		 */
		liveStatus: (runId, account) => {
			const run = findRun(runId, account);
			return liveStatus(run, runState(run, clock.now()));
		},
		/** @param {string} runId */
		getRun(runId) {
			const run = runsById.get(runId);
			if (!run) return undefined;
			const now = clock.now();
			const state = runState(run, now);
			return { ...run, state, listEntry: runListEntry(run, listedState(run, state, now)), liveStatus: liveStatus(run, state) };
		},
		/**
		 * How long after its end this run still shows as running in the runs list.
		 * @param {string} runId
		 * @param {number} ms emulated
		 */
		setVisibilityLag(runId, ms) {
			findRun(runId).visibilityLagMs = nonNegative('visibilityLagMs', ms);
		},
		/**
		 * How long after its end this run's result files appear (0: each as its block ends).
		 * @param {string} runId
		 * @param {number} ms emulated
		 */
		setFilesDelay(runId, ms) {
			findRun(runId).filesDelayMs = nonNegative('filesDelayMs', ms);
		},
		/** @param {number} n */
		setCredits(n) {
			credits = n;
		},
		getCredits: () => credits,
		/** @param {number} seconds */
		setLinkTtl(seconds) {
			linkTtlSeconds = seconds;
		},
		/** @param {string} url */
		setStorageUrl(url) {
			storageUrl = url;
		},
		statusFilters: STATUS_FILTERS,
		formats: FORMAT_NAMES,
		bucket: BUCKET,
		storagePath,
	};
}

/** @typedef {ReturnType<typeof createApi>} Api */

module.exports = { createApi, runBodyErrors, resultFormatErrors, MAIN_ACCOUNT };
