import { readFileSync } from 'node:fs';

/** The version in package.json, read at run time so src (tests) and dist (CLI) agree. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
