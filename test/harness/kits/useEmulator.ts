// The one emulator set-up of the test files that share an emulator across their tests.
import { startEmulator, type Emulator } from '../../emulator';

export type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

/**
 * One emulator for the enclosing test file (or describe block): started before its first test with
 * `options`, closed after its last, its request log cleared before each test. `use` receives it once
 * started. Jest runs hooks in the order they are registered, so a `beforeAll` registered after this
 * call (seeding runs, say) finds the emulator started, and a `beforeEach` registered after it runs
 * after the log is cleared.
 */
export function useEmulator(options: EmulatorOptions, use: (emu: Emulator) => void): void {
	let emu: Emulator | undefined;
	beforeAll(async () => {
		emu = await startEmulator(options);
		use(emu);
	});
	afterAll(async () => await emu?.close());
	beforeEach(() => emu?.clearRequests());
}
