// @ts-check
'use strict';

const os = require('os');

/** One line saying where the figures come from: absolute times only mean something with it. */
function describeMachine() {
	const cpus = os.cpus();
	const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
	return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; ${new Date().toISOString()}; load average at start ${load}`;
}

module.exports = { describeMachine };
