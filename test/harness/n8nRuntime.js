// @ts-check
'use strict';

// Prepares n8n-core's dependency container for in-process executions, the part of the harness that
// needs Node builtins and so cannot be TypeScript under the community-node rules.
// - `this.logger` inside a node is `Container.get(Logger)`: a capturing logger replaces it, and an
//   AsyncLocalStorage routes each line to the execution that logged it, so concurrent runs stay apart.
// - `InstanceSettings` would create ~/.n8n/config on first use: a plain stand-in keeps tests off $HOME;
//   its instance id can be set per execution, to run one workflow as in two n8n instances.
// - `ErrorReporter` would print reported node errors: the harness returns them instead.
// - The SSH-client and cron managers, built for every execute context, start interval timers that
//   would keep the test process alive: they are built here once with those timers unref'd.
// The DI packages are resolved from n8n-core's own location so the container is the one n8n-core uses.

const { AsyncLocalStorage } = require('node:async_hooks');
const os = require('node:os');
const path = require('node:path');

const n8nCorePath = require.resolve('n8n-core');
/** @param {string} id */
const requireAsN8nCore = (id) => require(require.resolve(id, { paths: [path.dirname(n8nCorePath)] }));

const { Container } = requireAsN8nCore('@n8n/di');
const { Logger } = requireAsN8nCore('@n8n/backend-common');
const { InstanceSettings, ErrorReporter } = require('n8n-core');
const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
const { ScheduledTaskManager } = require('n8n-core/dist/execution-engine/scheduled-task-manager');

/** @typedef {{ level: string; message: string; meta?: unknown }} LogLine */

/** @type {AsyncLocalStorage<LogLine[]>} */
const logSinks = new AsyncLocalStorage();

/** @param {string} level */
const logTo = (level) => (/** @type {string} */ message, /** @type {unknown} */ meta) => {
	const sink = logSinks.getStore();
	if (sink) sink.push(meta === undefined ? { level, message } : { level, message, meta });
};

const capturingLogger = {
	error: logTo('error'),
	warn: logTo('warn'),
	info: logTo('info'),
	debug: logTo('debug'),
	scoped() {
		return capturingLogger;
	},
};

const harnessFolder = path.join(os.tmpdir(), 'n8n-nodes-sixtyfour-harness');

/** The n8n instance an execution runs in, when a test names one (two n8n instances, one process). @type {AsyncLocalStorage<string>} */
const instanceIds = new AsyncLocalStorage();

const instanceSettings = {
	get instanceId() {
		return instanceIds.getStore() ?? 'harness-instance';
	},
	hostId: 'main-harness',
	instanceType: 'main',
	instanceRole: 'leader',
	isLeader: true,
	hmacSignatureSecret: 'harness-hmac-secret',
	encryptionKey: 'harness-encryption-key',
	n8nFolder: harnessFolder,
	staticCacheDir: path.join(harnessFolder, 'cache'),
	customExtensionDir: path.join(harnessFolder, 'custom'),
};

const silentErrorReporter = { error() {}, warn() {}, info() {} };

Container.set(Logger, capturingLogger);
Container.set(InstanceSettings, instanceSettings);
Container.set(ErrorReporter, silentErrorReporter);
Container.get(SSHClientsManager).cleanupTimer?.unref();
Container.get(ScheduledTaskManager).logInterval?.unref();

/**
 * Runs `work` and collects every line logged through n8n's Logger while it (and what it awaits) runs.
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<{ value: T; logs: LogLine[] }>}
 */
async function captureLogs(work) {
	/** @type {LogLine[]} */
	const logs = [];
	const value = await logSinks.run(logs, work);
	return { value, logs };
}

/**
 * Runs `work` as if in the n8n instance `instanceId`: `this.getInstanceId()` gives it.
 * @template T
 * @param {string} instanceId
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function inInstance(instanceId, work) {
	return await instanceIds.run(instanceId, work);
}

module.exports = { captureLogs, inInstance };
