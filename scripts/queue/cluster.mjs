// @ts-check
// n8n in queue mode on one machine: PostgreSQL and Redis (services.mjs), one main instance (editor,
// REST API, triggers, webhooks) and workers that take executions from the Redis queue. Every
// process has its own user folder with this package installed in `.n8n/nodes`, as separate
// machines or containers would: they share only the database, Redis and the encryption key.
import { startN8n, startN8nWorker } from '../n8n/instance.mjs';
import { ensureServicePackages, startQueueServices } from './services.mjs';

/**
 * What queue mode needs on main and workers alike, besides the database and Redis settings.
 * N8N_ENCRYPTION_KEY is the same in every process already (scripts/n8n/instance.mjs).
 */
export const QUEUE_MODE_ENV = Object.freeze({
	// Binary data must live where every process can read it. 2.41 picks `database` in queue mode
	// by default; said explicitly, as a deployment should (the filesystem mode is per machine).
	N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	// Manual runs (the editor's "Execute workflow") go to the workers too, as they will always do
	// from n8n 3 on; without it they run on main.
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
});

/**
 * @typedef {import('../n8n/instance.mjs').N8nInstance} N8nInstance
 * @typedef {import('../n8n/instance.mjs').N8nWorker} N8nWorker
 * @typedef {object} QueueCluster
 * @property {import('./services.mjs').QueueServices} services
 * @property {N8nInstance} main
 * @property {N8nWorker[]} workers the running workers, in start order
 * @property {{ installed: string[], seconds: number }} packages what apt-get installed, and how long it took
 * @property {(name?: string, options?: { concurrency?: number }) => Promise<N8nWorker>} addWorker another worker; its own concurrency if given
 * @property {(worker: N8nWorker, signal?: NodeJS.Signals) => Promise<void>} stopWorker
 * @property {() => Promise<void>} stop ends every process and service it started
 */

/**
 * @param {object} options
 * @param {string} [options.version]
 * @param {number} [options.workers]
 * @param {number} [options.concurrency] per worker
 * @param {NodeJS.ProcessEnv} [options.mainEnv] more settings for main only
 * @param {(message: string) => void} options.say
 * @returns {Promise<QueueCluster>}
 */
export async function startQueueCluster({ version = '2.41.0', workers: workerCount = 2, concurrency = 10, mainEnv = {}, say }) {
	const packages = await ensureServicePackages(say);
	if (packages.installed.length) say(`installed ${packages.installed.join(', ')} in ${packages.seconds.toFixed(0)} s`);
	const services = await startQueueServices(say);
	const env = { ...services.n8nEnv, ...QUEUE_MODE_ENV };
	/** @type {N8nWorker[]} */
	const workers = [];
	/** @type {N8nInstance | undefined} */
	let main;
	const stop = async () => {
		await Promise.all(workers.splice(0).map((worker) => worker.stop()));
		await main?.stop();
		await services.stop();
	};
	try {
		// Main first: it migrates the database the workers then use.
		main = await startN8n({ version, env: { ...env, ...mainEnv } });
		say(`main ${main.url} (log ${main.logFile})`);
		let started = 0;
		const addWorker = async (name = `worker-${++started}`, options = {}) => {
			const worker = await startN8nWorker({ version, env, concurrency: options.concurrency ?? concurrency, name });
			workers.push(worker);
			say(`${name} ready, pid ${worker.pid} (log ${worker.logFile})`);
			return worker;
		};
		await Promise.all(Array.from({ length: workerCount }, () => addWorker()));
		return {
			services,
			main,
			workers,
			packages,
			addWorker,
			async stopWorker(worker, signal) {
				workers.splice(workers.indexOf(worker), 1);
				await worker.stop(signal);
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
