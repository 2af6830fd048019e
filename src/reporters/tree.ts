/**
 * `spamcheck tree`: the dependency graph exactly as parsed, before any network, so users (and tests)
 * can see what an audit will cover. Pure functions: graph in, string out.
 */
import { Chalk } from 'chalk';
import { relative } from 'node:path';
import type { DependencyGraph } from '../lockfiles/graph.js';
import { safeLine, stripControl } from '../report/sanitize.js';

export interface TreeJson {
  format: string;
  lockfile: string;
  packages: {
    name: string;
    version: string;
    direct: boolean;
    dev: boolean;
    optional: boolean;
    bundled: boolean;
    aliases: string[];
    paths: string[][];
  }[];
  notScanned: { name: string; spec: string; reason: string }[];
}

/** The lockfile path as the user would type it from the project directory. */
function shownLockfile(graph: DependencyGraph, projectDir: string): string {
  const rel = relative(projectDir, graph.lockfile);
  return rel === '' ? graph.lockfile : rel.split('\\').join('/');
}

export function treeJson(graph: DependencyGraph, projectDir: string): TreeJson {
  // The graph is already sorted by name then version; lockfile strings are untrusted, so strip controls.
  return {
    format: graph.format,
    lockfile: shownLockfile(graph, projectDir),
    packages: graph.packages.map((p) => ({
      name: stripControl(p.name),
      version: stripControl(p.version),
      direct: p.direct,
      dev: p.dev,
      optional: p.optional,
      bundled: p.bundled,
      aliases: p.aliases.map(stripControl),
      paths: p.paths.map((path) => path.map(stripControl)),
    })),
    notScanned: graph.notScanned.map((n) => ({ name: stripControl(n.name), spec: stripControl(n.spec), reason: n.reason })),
  };
}

export function renderTreeJson(graph: DependencyGraph, projectDir: string): string {
  return `${JSON.stringify(treeJson(graph, projectDir), null, 2)}\n`;
}

export function renderTreeText(graph: DependencyGraph, projectDir: string, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const tree = treeJson(graph, projectDir);
  const lines: string[] = [];
  lines.push(
    c.bold(`${safeLine(tree.lockfile)} (${tree.format})`) +
      `: ${tree.packages.length} registry package${tree.packages.length === 1 ? '' : 's'}, ${tree.notScanned.length} not scanned`,
  );
  for (const p of tree.packages) {
    const flags = [p.direct ? 'direct' : '', p.dev ? 'dev' : 'prod', p.optional ? 'optional' : '', p.bundled ? 'bundled' : '']
      .filter(Boolean)
      .join(' ');
    const aliases = p.aliases.length > 0 ? ` (as ${p.aliases.map((a) => safeLine(a, 80)).join(', ')})` : '';
    const path = p.paths[0]?.map((s) => safeLine(s, 80)).join(' > ') ?? '';
    lines.push(`  ${safeLine(`${p.name}@${p.version}`)}${aliases}  ${c.cyan(flags)}  ${c.dim(path)}`);
  }
  if (tree.notScanned.length > 0) {
    lines.push('', c.yellow('Not scanned (not from a registry):'));
    for (const n of tree.notScanned) lines.push(`  ${safeLine(n.name, 100)}  ${c.yellow(n.reason)}  ${c.dim(safeLine(n.spec))}`);
  }
  if (graph.problems.length > 0) {
    lines.push('', c.yellow(`Problems met while parsing (${graph.problems.length}):`));
    for (const problem of graph.problems) {
      lines.push(`  ${problem.line !== undefined ? `line ${problem.line}: ` : ''}${safeLine(problem.message)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
