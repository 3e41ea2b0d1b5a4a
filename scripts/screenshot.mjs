#!/usr/bin/env node
// @ts-check
// Screenshot of a workflow in the n8n editor with headless Chromium (Debian's `chromium`), driven
// over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no WebSocket client needed).
// It logs in as the owner, runs the workflow from the editor and opens one node, so the picture
// shows that node's parameters next to its output.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const VIEWPORT = { width: 1680, height: 1000 };
const STEP_TIMEOUT_MS = 60_000;

/** @param {number} ms */
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The DevTools protocol over Chromium's pipe: fd 3 takes commands, fd 4 gives answers and events,
 * each a JSON message ended by a NUL byte.
 */
class DevToolsPipe {
	/** @param {import('node:child_process').ChildProcess} browser */
	constructor(browser) {
		const [, , , input, output] = /** @type {any[]} */ (browser.stdio);
		/** @type {import('node:stream').Writable} */
		this.input = input;
		this.nextId = 1;
		/** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void, method: string }>} */
		this.pending = new Map();
		let buffered = '';
		output.on('data', (/** @type {Buffer} */ chunk) => {
			buffered += chunk.toString('utf8');
			let end;
			while ((end = buffered.indexOf('\0')) >= 0) {
				this.receive(JSON.parse(buffered.slice(0, end)));
				buffered = buffered.slice(end + 1);
			}
		});
		browser.on('exit', () => {
			for (const call of this.pending.values()) call.reject(new Error(`Chromium exited during ${call.method}`));
			this.pending.clear();
		});
	}

	/** @param {{ id?: number, result?: any, error?: { message: string } }} message */
	receive(message) {
		const call = message.id === undefined ? undefined : this.pending.get(message.id);
		if (!call) return;
		this.pending.delete(/** @type {number} */ (message.id));
		if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
		else call.resolve(message.result);
	}

	/**
	 * @param {string} method
	 * @param {Record<string, unknown>} [params]
	 * @param {string} [sessionId] the page session; none for browser-wide commands
	 * @returns {Promise<any>}
	 */
	send(method, params = {}, sessionId) {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject, method });
			this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
		});
	}
}

/** One browser tab, attached through the pipe. */
class Page {
	/**
	 * @param {DevToolsPipe} pipe
	 * @param {string} sessionId
	 */
	constructor(pipe, sessionId) {
		this.pipe = pipe;
		this.sessionId = sessionId;
	}

	/**
	 * @param {string} method
	 * @param {Record<string, unknown>} [params]
	 */
	send(method, params) {
		return this.pipe.send(method, params, this.sessionId);
	}

	/**
	 * Runs `expression` in the page and returns its (awaited) value.
	 * @param {string} expression
	 */
	async evaluate(expression) {
		const { result, exceptionDetails } = await this.send('Runtime.evaluate', {
			expression,
			awaitPromise: true,
			returnByValue: true,
		});
		if (exceptionDetails) {
			throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
		}
		return result.value;
	}

	/**
	 * @param {string} expression true once the page is in the wanted state
	 * @param {string} what for the error message
	 */
	async waitFor(expression, what) {
		const deadline = Date.now() + STEP_TIMEOUT_MS;
		while (Date.now() < deadline) {
			if (await this.evaluate(`Boolean(${expression})`).catch(() => false)) return;
			await pause(250);
		}
		throw new Error(`the editor did not show ${what} within ${STEP_TIMEOUT_MS / 1000} s`);
	}

	/** @param {string} url */
	async open(url) {
		await this.send('Page.navigate', { url });
		await this.waitFor('document.readyState === "complete"', `the page ${url}`);
	}
}

/**
 * @param {object} options
 * @param {string} options.url n8n's base URL
 * @param {{ email: string, password: string }} options.owner the editor login
 * @param {string} options.workflowId the workflow to show
 * @param {string} options.nodeName the node whose parameters and output to open
 * @param {string} options.file where to write the PNG
 * @param {string} [options.chromium] the browser binary (default `chromium` on PATH)
 */
export async function takeEditorScreenshot({ url, owner, workflowId, nodeName, file, chromium = 'chromium' }) {
	const profile = mkdtempSync(join(tmpdir(), 'sixtyfour-chromium-'));
	const browser = spawn(
		chromium,
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
			'--hide-scrollbars',
			`--user-data-dir=${profile}`,
			`--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
			'--remote-debugging-pipe',
			'about:blank',
		],
		{ stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
	);
	let browserLog = '';
	// Chromium complains about the missing D-Bus of a container; only other lines can explain a failure.
	browser.stderr?.on('data', (chunk) => {
		const lines = String(chunk).split('\n').filter((line) => line.trim() && !line.includes('dbus'));
		browserLog = [browserLog, ...lines].join('\n').slice(-2000);
	});
	const exited = new Promise((resolve) => browser.once('exit', resolve));
	const started = new Promise((resolve, reject) => {
		browser.once('spawn', resolve);
		browser.once('error', (error) =>
			reject(new Error(`cannot start ${chromium} (${error.message}); install it: apt-get install -y chromium`)),
		);
	});
	const pipe = new DevToolsPipe(browser);
	try {
		await started;
		const { targetInfos } = await pipe.send('Target.getTargets');
		const tab = targetInfos.find((/** @type {{ type: string }} */ t) => t.type === 'page');
		const { sessionId } = await pipe.send('Target.attachToTarget', { targetId: tab.targetId, flatten: true });
		const page = new Page(pipe, sessionId);
		await page.send('Page.enable');
		await page.send('Emulation.setDeviceMetricsOverride', { ...VIEWPORT, deviceScaleFactor: 1, mobile: false });

		await logIn(page, url, owner);
		await page.open(`${url}/workflow/${workflowId}`);
		await page.waitFor(`document.querySelector('[data-test-id="execute-workflow-button"]')`, 'the workflow canvas');
		await page.evaluate(`document.querySelector('[data-test-id="execute-workflow-button"]').click()`);
		await page.waitFor(nodeSucceeded(nodeName), `"${nodeName}" finishing`);
		await openNode(page, nodeName);
		// Toasts would cover the output table; the pointer would highlight a row.
		await page.evaluate(`document.querySelectorAll('.el-notification__closeBtn').forEach((button) => button.click())`);
		await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 0, y: VIEWPORT.height - 1 });
		// Let the output table render and the panel's opening animation end.
		await pause(1500);
		const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
		writeFileSync(file, Buffer.from(data, 'base64'));
	} catch (error) {
		throw new Error(`${/** @type {Error} */ (error).message}${browserLog ? `\nChromium said: ${browserLog.trim()}` : ''}`);
	} finally {
		await Promise.race([pipe.send('Browser.close').catch(() => {}), pause(5000)]);
		if (!(await Promise.race([exited.then(() => true), pause(5000).then(() => false)]))) {
			browser.kill('SIGKILL');
			await exited;
		}
		rmSync(profile, { recursive: true, force: true });
	}
}

/**
 * Logs in from the sign-in page the way the editor does, so the session carries the browser id
 * n8n ties its cookie to.
 * @param {Page} page
 * @param {string} url
 * @param {{ email: string, password: string }} owner
 */
async function logIn(page, url, owner) {
	await page.open(`${url}/signin`);
	const body = JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password });
	const status = await page.evaluate(`(async () => {
		const browserId = localStorage.getItem('n8n-browserId');
		const response = await fetch('/rest/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(browserId ? { 'browser-id': browserId } : {}) },
			body: ${JSON.stringify(body)},
		});
		return response.status;
	})()`);
	if (status !== 200) throw new Error(`logging in to ${url} as ${owner.email} answered ${status}`);
}

/** @param {string} nodeName */
function nodeSucceeded(nodeName) {
	return `document.querySelector('[data-test-id="canvas-node"][data-node-name=${JSON.stringify(nodeName)}] [data-test-id="canvas-node-status-success"]')`;
}

/**
 * Double-clicks the node with real mouse events, as a user opens its panel.
 * @param {Page} page
 * @param {string} nodeName
 */
async function openNode(page, nodeName) {
	const { x, y } = await page.evaluate(`(() => {
		const box = document.querySelector('[data-test-id="canvas-node"][data-node-name=${JSON.stringify(nodeName)}]').getBoundingClientRect();
		return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
	})()`);
	for (const clickCount of [1, 2]) {
		for (const type of ['mousePressed', 'mouseReleased']) {
			await page.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount });
		}
	}
	await page.waitFor(`document.querySelector('[data-test-id="ndv"]')`, `the "${nodeName}" panel`);
}

if (process.argv[1]?.endsWith('screenshot.mjs')) {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			workflow: { type: 'string' },
			node: { type: 'string', default: 'Enrich with Sixtyfour' },
			out: { type: 'string', default: 'docs/sixtyfour-node-in-n8n.png' },
			email: { type: 'string', default: 'demo@sixtyfour.example' },
			password: { type: 'string', default: 'Sixtyfour-demo-1' },
		},
	});
	if (!values.url || !values.workflow) {
		process.stderr.write(
			'Usage: node scripts/screenshot.mjs --url http://127.0.0.1:PORT --workflow ID [--node NAME] [--out FILE]\n' +
				'  (against a running `npm run demo -- --keep`; or use `npm run demo -- --screenshot`)\n',
		);
		process.exit(2);
	}
	await takeEditorScreenshot({
		url: values.url,
		owner: { email: values.email, password: values.password },
		workflowId: values.workflow,
		nodeName: values.node,
		file: values.out,
	});
	process.stdout.write(`saved ${values.out}\n`);
}
