export { type DemoOptions, type DemoOutcome, runDemo } from './demo/run-demo.js';
export { type LoadedConfig, loadConfig } from './load-config.js';
export { type ServedConfig, type ServeOptions, serveConfig } from './serve-config.js';
