// zod's locales as TRCAA bundles them: English only. zod re-exports all 48 of its locales (`z.locales`, ~360 KB of
// the extension bundle's source, half of zod) and configures English itself; no code here picks another one.
export { default as en } from 'zod/v4/locales/en.js';
