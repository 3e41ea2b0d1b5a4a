// @ts-check
// Installs PostgreSQL and Redis from Debian's packages when missing (as root), exactly as the
// queue-mode leg of `npm run test:e2e` does before it starts them; for CI machines that prepare them
// in a step of their own (.github/workflows/ci.yml runs this with sudo).
import { ensureServicePackages } from './services.mjs';

const { installed, seconds } = await ensureServicePackages((message) => console.log(message));
console.log(installed.length ? `installed ${installed.join(', ')} in ${seconds.toFixed(0)} s` : 'PostgreSQL and Redis already installed');
