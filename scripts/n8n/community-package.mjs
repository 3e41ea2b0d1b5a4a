// @ts-check
// Installs our built package into an n8n user folder the way n8n's Community Nodes screen does:
// the packed tarball is unpacked into `<userFolder>/.n8n/nodes/node_modules/<name>`, dev, peer and
// optional dependencies are stripped, and `npm install --ignore-scripts` fetches what remains. The
// package then resolves `n8n-workflow` from the host n8n, as it would for a user.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<string>} stdout
 */
function capture(command, args, cwd) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', (code) => {
			if (code === 0) resolvePromise(stdout);
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`));
		});
	});
}

/**
 * Drops entries of the `n8n` block whose compiled file is missing, so that a half-built package
 * (say, the credential built before the nodes) still loads what exists.
 * @param {string} dir unpacked package
 * @param {Record<string, any>} manifest
 * @returns {string[]} the dropped paths
 */
function dropMissingEntries(dir, manifest) {
	/** @type {string[]} */
	const dropped = [];
	for (const kind of ['nodes', 'credentials']) {
		const paths = /** @type {string[]} */ (manifest.n8n?.[kind] ?? []);
		manifest.n8n[kind] = paths.filter((path) => {
			const present = existsSync(join(dir, path));
			if (!present) dropped.push(path);
			return present;
		});
	}
	return dropped;
}

/**
 * The type names n8n registers for the package's `n8n` block: `<package>.<node name>` for nodes and
 * the credential name, both by n8n's convention the file's class name with a lower-case first letter.
 * @param {Record<string, any>} manifest
 * @returns {{ nodes: string[], credentials: string[] }}
 */
function typeNames(manifest) {
	/** @param {string} path */
	const typeName = (path) => {
		const className = path.split('/').pop()?.split('.')[0] ?? '';
		return className.charAt(0).toLowerCase() + className.slice(1);
	};
	return {
		nodes: manifest.n8n.nodes.map((/** @type {string} */ p) => `${manifest.name}.${typeName(p)}`),
		credentials: manifest.n8n.credentials.map(typeName),
	};
}

/**
 * @typedef {object} InstalledPackage
 * @property {string} name
 * @property {string} version
 * @property {string} installDir
 * @property {{ nodes: string[], credentials: string[] }} types what n8n should register from it
 * @property {string[]} droppedEntries declared but unbuilt files left out (allowPartialBuild)
 */

/**
 * @param {{ packageDir: string, userFolder: string, allowPartialBuild?: boolean }} options
 *   packageDir: the package's root (built `dist/` inside); userFolder: n8n's N8N_USER_FOLDER;
 *   allowPartialBuild: load what is built instead of failing when a declared file is missing
 * @returns {Promise<InstalledPackage>}
 */
export async function installCommunityPackage({ packageDir, userFolder, allowPartialBuild = false }) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const packDir = mkdtempSync(join(nodesDir, '.pack-'));
	try {
		const [packed] = JSON.parse(await capture('npm', ['pack', '--json', '--pack-destination', packDir], packageDir));
		const { name, version } = packed;
		const installDir = join(nodesDir, 'node_modules', name);
		rmSync(installDir, { recursive: true, force: true });
		mkdirSync(installDir, { recursive: true });
		await capture('tar', ['-xzf', join(packDir, packed.filename), '-C', installDir, '--strip-components=1'], nodesDir);

		const manifestPath = join(installDir, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		const droppedEntries = dropMissingEntries(installDir, manifest);
		if (droppedEntries.length && !allowPartialBuild) {
			throw new Error(`${name} is not fully built (run npm run build); missing: ${droppedEntries.join(', ')}`);
		}
		writeFileSync(manifestPath, JSON.stringify(manifest, null, '\t') + '\n');
		// The same flags n8n 2.41's CommunityPackagesService uses.
		await capture(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			installDir,
		);

		return { name, version, installDir, types: typeNames(manifest), droppedEntries };
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}
