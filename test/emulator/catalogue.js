// @ts-check
'use strict';

/**
 * @typedef {object} Timing emulated milliseconds
 * @property {number} queueMs
 * @property {number} blockBaseMs
 * @property {number} perRowMs
 * @property {number} visibilityLagMs how long after it ends a run still shows as running in the runs list
 * @property {number} filesDelayMs when > 0, a run's files all appear this long after it ends (0: each as its block ends)
 * @typedef {{ block: number, error_message: string, status_reason: string, afterMs?: number }} FailAt
 * @typedef {{ rows: number, seed: number }} Synthetic
 * @typedef {object} OutgoingWebhook where and how the closing outgoing_webhook block delivers (see outgoing-webhooks.js)
 * @property {string | null} url the target; null until set with emu.setOutgoingWebhook (nothing is sent meanwhile)
 * @property {string[]} secrets signing secrets, newest first: none sends unsigned, two sign with both (a rotation)
 * @property {number} inlineMaxRows rows carried inline at most; a longer result is cut there (results_truncated)
 * @property {'minimal' | 'full'} envelope 'minimal': only the documented event_id, run_id, status, row_count, results; 'full': the assumed run fields, results_file and link too
 * @property {boolean} downloadUrl whether the full envelope carries a signed results_download_url
 * @property {number[]} retryDelaysMs emulated ms before each retry; attempts = retries + 1
 * @property {number} timeoutMs wall ms an attempt may take before it counts as failed
 * @typedef {object} WorkflowDefinition
 * @property {string} id
 * @property {string} name
 * @property {'webhook' | 'read_csv'} source
 * @property {string[]} blocks block names in order; the first is the source block
 * @property {number} [enrichmentRate] fraction of rows that get enriched, 0..1 (default 0.8)
 * @property {Partial<Timing>} [timing]
 * @property {FailAt | null} [failAt]
 * @property {boolean} [csvBom]
 * @property {number} [inlineResultsMaxRows]
 * @property {Synthetic | null} [synthetic]
 * @property {string} [dataframeType] reported in block metrics (default "LEAD")
 * @property {Partial<OutgoingWebhook> | null} [outgoingWebhook] the workflow ends in an outgoing_webhook block
 * @property {string} [description] GET /workflows `description` (default "")
 * @property {string} [status] GET /workflows `status`, the definition's lifecycle (default "ready")
 * @property {string} [step] GET /workflows `step` (default "deployed")
 * @property {string} [createdAt] ISO time, GET /workflows `created_at` (default: when the emulator started or the entry was added)
 * @property {string} [updatedAt] ISO time (default createdAt)
 * @property {unknown} [inputSchema] webhook workflows only: the webhook block's `specs.input_schema`, given as is in any
 *   shape (a list of names, of {name, type}, an object keyed by column); left out of specs when absent
 *
 * @typedef {object} Workflow a definition with every default filled in
 * @property {string} id
 * @property {string} name
 * @property {'webhook' | 'read_csv'} source
 * @property {string[]} blocks
 * @property {number} enrichmentRate
 * @property {Timing} timing
 * @property {FailAt | null} failAt
 * @property {boolean} csvBom
 * @property {number} inlineResultsMaxRows
 * @property {Synthetic | null} synthetic
 * @property {string} dataframeType
 * @property {OutgoingWebhook | null} outgoingWebhook
 * @property {string} description
 * @property {string} status
 * @property {string} step
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {unknown} inputSchema undefined when the webhook block declares none
 */

const DEFAULT_OUTGOING_WEBHOOK = {
	url: null,
	secrets: [],
	inlineMaxRows: 100,
	envelope: /** @type {'minimal' | 'full'} */ ('minimal'),
	downloadUrl: true,
	retryDelaysMs: [10_000, 60_000, 300_000, 1_800_000],
	timeoutMs: 10_000,
};

/**
 * @param {string} where
 * @param {string[]} blocks
 * @param {Partial<OutgoingWebhook> | null | undefined} config
 * @returns {OutgoingWebhook | null}
 */
function normaliseOutgoingWebhook(where, blocks, config) {
	if (!config) return null;
	if (blocks[blocks.length - 1] !== 'outgoing_webhook') throw new TypeError(`${where}: a workflow with outgoingWebhook must end in an "outgoing_webhook" block`);
	const webhook = { ...DEFAULT_OUTGOING_WEBHOOK, ...config };
	if (webhook.url !== null && typeof webhook.url !== 'string') throw new TypeError(`${where}: outgoingWebhook.url must be a URL or null`);
	if (!Array.isArray(webhook.secrets) || !webhook.secrets.every((secret) => typeof secret === 'string' && secret !== '')) {
		throw new TypeError(`${where}: outgoingWebhook.secrets must be a list of non-empty strings`);
	}
	if (!Array.isArray(webhook.retryDelaysMs) || !webhook.retryDelaysMs.every((ms) => Number.isFinite(ms) && ms >= 0)) {
		throw new TypeError(`${where}: outgoingWebhook.retryDelaysMs must be a list of numbers >= 0`);
	}
	if (!(Number.isInteger(webhook.inlineMaxRows) && webhook.inlineMaxRows >= 0)) throw new TypeError(`${where}: outgoingWebhook.inlineMaxRows must be an integer >= 0`);
	if (webhook.envelope !== 'minimal' && webhook.envelope !== 'full') throw new TypeError(`${where}: outgoingWebhook.envelope must be "minimal" or "full"`);
	if (!(webhook.timeoutMs > 0)) throw new TypeError(`${where}: outgoingWebhook.timeoutMs must be > 0`);
	return { ...webhook, secrets: [...webhook.secrets], retryDelaysMs: [...webhook.retryDelaysMs] };
}

const DEFAULT_TIMING = { queueMs: 2000, blockBaseMs: 4000, perRowMs: 100, visibilityLagMs: 0, filesDelayMs: 0 };

/**
 * The catalogue the demo and `npm run emulator` use. Timings are emulated: at speed 60 a
 * three-record lead run takes about 2.5 s of wall time, and company runs finish sooner than lead
 * runs queued before them.
 * @returns {WorkflowDefinition[]}
 */
function defaultCatalogue() {
	/** @type {WorkflowDefinition} */
	const leadEnrichment = {
		id: 'wf_lead_enrichment',
		name: 'Lead Enrichment',
		source: 'webhook',
		blocks: ['webhook', 'enrich_company', 'find_email'],
		enrichmentRate: 0.8,
		timing: { queueMs: 15000, blockBaseMs: 40000, perRowMs: 1500 },
		failAt: null,
		csvBom: false,
		inlineResultsMaxRows: 0,
		synthetic: null,
		dataframeType: 'LEAD',
		description: 'Company facts and a work email for each lead',
		inputSchema: [
			{ name: 'full_name', type: 'string' },
			{ name: 'company_name', type: 'string' },
			{ name: 'website', type: 'string' },
		],
	};
	return [
		leadEnrichment,
		{
			id: 'wf_company_enrichment',
			name: 'Company Enrichment',
			description: 'Industry, size and location of each company',
			// Another plausible shape of input_schema: an object keyed by column name.
			inputSchema: { company_name: { type: 'string' }, website: { type: 'string' } },
			source: 'webhook',
			blocks: ['webhook', 'enrich_company'],
			enrichmentRate: 0.9,
			timing: { queueMs: 5000, blockBaseMs: 15000, perRowMs: 500 },
			failAt: null,
			csvBom: true,
			inlineResultsMaxRows: 0,
			synthetic: null,
			dataframeType: 'COMPANY',
		},
		// The same pipeline started from a CSV upload: the API refuses to start it (400).
		{
			...leadEnrichment,
			id: 'wf_csv_import',
			name: 'CSV Import',
			description: 'Lead Enrichment started from an uploaded CSV file',
			source: 'read_csv',
			blocks: ['read_csv', 'enrich_company', 'find_email'],
			inputSchema: undefined,
		},
		// A workflow still being built: its webhook block declares no input_schema yet.
		{
			id: 'wf_draft_prospects',
			name: 'Prospect Research (draft)',
			status: 'draft',
			step: 'editing',
			source: 'webhook',
			blocks: ['webhook', 'enrich_lead'],
			timing: { queueMs: 5000, blockBaseMs: 20000, perRowMs: 1000 },
		},
	];
}

/**
 * Validates a catalogue entry and fills in its defaults, so a bad definition fails at start-up
 * rather than half-way through a test.
 * @param {WorkflowDefinition} def
 * @param {string} [addedAt] ISO time the entry was added: its created_at unless it names one
 * @returns {Workflow}
 */
function normaliseWorkflow(def, addedAt = '2026-02-12T09:00:00Z') {
	const where = `Workflow definition ${JSON.stringify(def?.id)}`;
	if (!def || typeof def.id !== 'string' || def.id === '') throw new TypeError('Workflow definition needs a non-empty string id');
	if (def.source !== 'webhook' && def.source !== 'read_csv') throw new TypeError(`${where}: source must be "webhook" or "read_csv"`);
	if (!Array.isArray(def.blocks) || def.blocks.length === 0 || !def.blocks.every((b) => typeof b === 'string' && b !== '')) {
		throw new TypeError(`${where}: blocks must be a non-empty array of block names`);
	}
	const timing = { ...DEFAULT_TIMING, ...def.timing };
	for (const [key, value] of Object.entries(timing)) {
		if (!(Number.isFinite(value) && value >= 0)) throw new TypeError(`${where}: timing.${key} must be a number >= 0`);
	}
	const enrichmentRate = def.enrichmentRate ?? 0.8;
	if (!(enrichmentRate >= 0 && enrichmentRate <= 1)) throw new TypeError(`${where}: enrichmentRate must be within 0..1`);
	const failAt = def.failAt ?? null;
	if (failAt && !(Number.isInteger(failAt.block) && failAt.block >= 1 && failAt.block <= def.blocks.length)) {
		throw new TypeError(`${where}: failAt.block must be a block sequence number 1..${def.blocks.length}`);
	}
	const synthetic = def.synthetic ?? null;
	if (synthetic && !(Number.isInteger(synthetic.rows) && synthetic.rows >= 0)) {
		throw new TypeError(`${where}: synthetic.rows must be an integer >= 0`);
	}
	if (def.inputSchema !== undefined && def.source !== 'webhook') throw new TypeError(`${where}: only a webhook workflow declares an inputSchema`);
	for (const key of /** @type {const} */ (['description', 'status', 'step', 'createdAt', 'updatedAt'])) {
		if (def[key] !== undefined && typeof def[key] !== 'string') throw new TypeError(`${where}: ${key} must be a string`);
	}
	const createdAt = def.createdAt ?? addedAt;
	return {
		id: def.id,
		name: def.name ?? def.id,
		description: def.description ?? '',
		status: def.status ?? 'ready',
		step: def.step ?? 'deployed',
		createdAt,
		updatedAt: def.updatedAt ?? createdAt,
		inputSchema: def.inputSchema === undefined ? undefined : structuredClone(def.inputSchema),
		source: def.source,
		blocks: [...def.blocks],
		enrichmentRate,
		timing,
		failAt,
		csvBom: def.csvBom ?? false,
		inlineResultsMaxRows: def.inlineResultsMaxRows ?? 0,
		synthetic: synthetic ? { rows: synthetic.rows, seed: synthetic.seed ?? 1 } : null,
		dataframeType: def.dataframeType ?? 'LEAD',
		outgoingWebhook: normaliseOutgoingWebhook(where, def.blocks, def.outgoingWebhook),
	};
}

module.exports = { defaultCatalogue, normaliseWorkflow, normaliseOutgoingWebhook };
