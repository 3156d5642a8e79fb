#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` / `npm run build`) when it is up to date with
// src/, otherwise the TypeScript sources through tsx, so a stale build never runs by surprise.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
const buildInfo = join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = existsSync(compiled) && existsSync(buildInfo) && statSync(buildInfo).mtimeMs >= newestSource(join(root, 'src'));
if (fresh && !process.env.ORDINAL_FROM_SOURCE) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
