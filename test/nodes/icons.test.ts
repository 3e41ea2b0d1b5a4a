import { iconFiles } from './iconFiles';

// Icons drawn as paths: a <text> glyph depends on the fonts of the machine that shows it.
const FOLDERS = ['credentials', 'nodes/Sixtyfour', 'nodes/SixtyfourTrigger', 'nodes/SixtyfourWebhookTrigger'];

describe.each(FOLDERS)('%s icons', (folder) => {
	const { light, dark } = iconFiles(folder);

	test('are drawn with paths, without text or fonts', () => {
		for (const svg of [light, dark]) {
			expect(svg).not.toMatch(/<text|font-family|<tspan/);
			expect(svg.match(/<path /g)?.length).toBe(3);
		}
	});

	test('differ between light and dark, the same drawing in swapped colours', () => {
		expect(light).not.toBe(dark);
		const swapped = light.replace('#111827', 'TILE').replace('#ffffff', '#111827').replace('TILE', '#f9fafb');
		expect(dark).toBe(swapped);
	});
});
