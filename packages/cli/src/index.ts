export { type DemoOptions, type DemoOutcome, runDemo } from './demo/run-demo.js';
export { type LoadedConfig, loadConfig } from './load-config.js';
