#!/usr/bin/env node
// @ts-check
'use strict';

const { parseArgs } = require('util');
const { startEmulator } = require('./index');

const USAGE = `Usage: node test/emulator/cli.js [--port 8064] [--storage-port 0] [--speed 60] [--api-key KEY] [--link-ttl 900] [--host 127.0.0.1]
       [--workflows-endpoint served|missing|forbidden]

Starts the Sixtyfour Workflows API emulator with the default catalogue on a real clock running
--speed times faster than the wall clock. Stops on Ctrl-C / SIGTERM.`;

/**
 * @param {string} name
 * @param {string} text
 */
function number(name, text) {
	const value = Number(text);
	if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number >= 0, got "${text}"`);
	return value;
}

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '8064' },
			'storage-port': { type: 'string', default: '0' },
			host: { type: 'string', default: '127.0.0.1' },
			speed: { type: 'string', default: '60' },
			'api-key': { type: 'string', default: 'sk_test_emulator' },
			'link-ttl': { type: 'string', default: '900' },
			'workflows-endpoint': { type: 'string', default: 'served' },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return;
	}
	const emu = await startEmulator({
		host: values.host,
		port: number('port', values.port),
		storagePort: number('storage-port', values['storage-port']),
		apiKey: values['api-key'],
		linkTtlSeconds: number('link-ttl', values['link-ttl']),
		clock: { mode: 'real', speed: number('speed', values.speed) },
		startTime: new Date().toISOString(),
		recordRequests: false,
		workflowsEndpoint: /** @type {import('./index').WorkflowsEndpoint} */ (values['workflows-endpoint']),
	});
	console.log(`Sixtyfour emulator: API ${emu.baseUrl}, storage ${emu.storageUrl}, API key ${emu.apiKey}, clock x${values.speed}`);
	console.log(`SIXTYFOUR_EMULATOR ${JSON.stringify({ baseUrl: emu.baseUrl, storageUrl: emu.storageUrl, apiKey: emu.apiKey })}`);
	const stop = async () => {
		await emu.close();
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	console.error(`sixtyfour emulator: ${error.message}\n\n${USAGE}`);
	process.exit(1);
});
