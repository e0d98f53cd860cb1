#!/usr/bin/env node
// A committed file, not dist/cli.js itself: npm links a workspace's bin at install time only
// when the file exists, and dist/ is built after `npm ci`.
import '../dist/cli.js';
