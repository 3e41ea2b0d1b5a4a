const path = require('path');
const { finished } = require('stream/promises');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copy(folder, pattern) {
	return finished(src(path.resolve(folder, '**', pattern), { encoding: false }).pipe(dest(path.resolve('dist', folder))));
}

// Icons, and the nodes' codex files (*.node.json), which n8n reads beside each compiled .node.js.
async function copyIcons() {
	await Promise.all([copy('nodes', '*.{png,svg,node.json}'), copy('credentials', '*.{png,svg}')]);
}
