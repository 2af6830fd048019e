/**
 * A small reader of shell command lines (package.json scripts, `.sh` files, strings handed to
 * child_process.exec). Not a full shell: it splits a line into simple commands joined by pipes,
 * `&&`, `||`, `;` and newlines, honours quotes, and keeps command substitutions (`$(…)`, backticks,
 * `<(…)`) as nested commands, which is enough to see "what runs, and what feeds what".
 *
 * Also used by worm-payload (a shell-script worm is the same reading of a different file).
 */

export interface ShellCommand {
  /** Words after quote removal; environment assignments (`FOO=1 cmd`) and wrappers (`sudo`, `exec`) dropped. */
  argv: string[];
  /** The command's own text, for evidence. */
  text: string;
  /** The command whose output is piped into this one. */
  pipedFrom?: ShellCommand;
  /** Runs only if the previous command failed (`a || b`): a fallback, not a step. */
  fallback: boolean;
  /** `> file` / `>> file` targets. */
  writesTo: string[];
  /** Came from inside `$(…)`, backticks or `<(…)` of another command. */
  substituted: boolean;
  /** Index of the line this command is on (1-based) in the parsed text. */
  line: number;
}

const WRAPPERS = new Set(['sudo', 'exec', 'nohup', 'command', 'env', 'time', 'npx', 'cross-env', 'start', 'call']);

/** Splits a script into its simple commands, substitutions included (listed after the command that holds them). */
export function parseShell(script: string, maxChars = 200_000): ShellCommand[] {
  const text = script.length > maxChars ? script.slice(0, maxChars) : script;
  const out: ShellCommand[] = [];
  parseInto(text, out, false, 0);
  return out;
}

function parseInto(text: string, out: ShellCommand[], substituted: boolean, depth: number): void {
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let start = 0;
  let line = 1;
  let commandLine = 1;
  let pipedFrom: ShellCommand | undefined;
  let fallback = false;
  const writesTo: string[] = [];
  let redirectNext = false;
  const nested: string[] = [];

  const endWord = () => {
    if (!inWord) return;
    if (redirectNext) {
      writesTo.push(word);
      redirectNext = false;
    } else words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (end: number): ShellCommand | undefined => {
    endWord();
    let command: ShellCommand | undefined;
    const argv = stripPrefixes(words);
    if (argv.length > 0 || writesTo.length > 0) {
      command = {
        argv,
        text: text.slice(start, end).trim(),
        ...(pipedFrom ? { pipedFrom } : {}),
        fallback,
        writesTo: [...writesTo],
        substituted,
        line: commandLine,
      };
      out.push(command);
    }
    for (const inner of nested) if (depth < 4) parseInto(inner, out, true, depth + 1);
    nested.length = 0;
    words = [];
    writesTo.length = 0;
    start = end + 1;
    commandLine = line;
    return command;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && next !== undefined) {
      if (next === '\n') line++;
      else {
        word += next;
        inWord = true;
      }
      i++;
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(i + 1, stop);
      line += countNewlines(text, i + 1, stop);
      inWord = true;
      i = stop;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          word += text[j + 1];
          j += 2;
          continue;
        }
        if (text[j] === '$' && text[j + 1] === '(') {
          const close = matchParen(text, j + 1);
          nested.push(text.slice(j + 2, close));
          word += text.slice(j, close + 1);
          j = close + 1;
          continue;
        }
        if (text[j] === '`') {
          const close = text.indexOf('`', j + 1);
          const stop = close === -1 ? text.length : close;
          nested.push(text.slice(j + 1, stop));
          word += text.slice(j, stop + 1);
          j = stop + 1;
          continue;
        }
        if (text[j] === '\n') line++;
        word += text[j];
        j++;
      }
      inWord = true;
      i = j;
      continue;
    }
    if ((c === '$' || c === '<' || c === '>') && next === '(') {
      const close = matchParen(text, i + 1);
      nested.push(text.slice(i + 2, close));
      word += text.slice(i, close + 1);
      inWord = true;
      i = close;
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const stop = close === -1 ? text.length : close;
      nested.push(text.slice(i + 1, stop));
      word += text.slice(i, stop + 1);
      inWord = true;
      i = stop;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
      continue;
    }
    if (c === '|' && next !== '|') {
      const command = endCommand(i);
      pipedFrom = command;
      if (next === '&') i++;
      continue;
    }
    if ((c === '&' && next === '&') || (c === '|' && next === '|')) {
      endCommand(i);
      pipedFrom = undefined;
      fallback = c === '|';
      i++;
      start = i + 1;
      continue;
    }
    if (c === ';' || c === '\n' || c === '&' || c === '(' || c === ')' || c === '{' && !inWord || c === '}' && !inWord) {
      endCommand(i);
      if (c === '\n') {
        line++;
        commandLine = line;
      }
      pipedFrom = undefined;
      fallback = false;
      continue;
    }
    if (c === '>' || (c === '<' && next !== '<')) {
      // `2>&1`, `&>`: the digit before was a descriptor, not a word.
      if (inWord && /^\d$/.test(word)) {
        word = '';
        inWord = false;
      } else endWord();
      if (next === '>') i++;
      if (text[i + 1] === '&') {
        i++;
        while (i + 1 < text.length && /\d/.test(text[i + 1]!)) i++;
        continue;
      }
      redirectNext = c === '>';
      if (c === '<') redirectNext = false;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      continue;
    }
    word += c;
    inWord = true;
  }
  endCommand(text.length);
}

function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (WRAPPERS.has(w)) i++;
    else if (w.startsWith('-') && i > 0 && WRAPPERS.has(words[i - 1]!)) i++; // `npx -y tool`, `sudo -E cmd`
    else break;
  }
  // `env` alone prints the environment: it is the command, not a wrapper.
  if (i >= words.length && words.length > 0) return words.slice(-1);
  // Shell keywords that start a compound command: the real command follows.
  while (i < words.length && /^(then|do|else|if|while|until|!)$/.test(words[i]!)) i++;
  return words.slice(i);
}

function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The program a command runs, without directory or Windows extension: `/usr/bin/curl` → `curl`. */
export function programName(command: ShellCommand): string {
  const first = command.argv[0] ?? '';
  return first.replace(/^.*[\\/]/, '').replace(/\.(exe|cmd|bat)$/i, '').toLowerCase();
}

const FETCH_PROGRAMS = new Set(['curl', 'wget', 'invoke-webrequest', 'iwr', 'invoke-restmethod', 'irm', 'aria2c', 'fetch', 'bitsadmin', 'nc', 'ncat', 'netcat']);
const POWERSHELL_FETCH = /downloadstring|downloadfile|downloaddata|invoke-webrequest|invoke-restmethod|\biwr\b|\birm\b|net\.webclient|start-bitstransfer/i;
export const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'iex', 'invoke-expression', 'python', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'powershell', 'pwsh', 'cmd', 'eval', 'source', '.']);

/** A command that downloads something (curl, wget, PowerShell web cmdlets, certutil -urlcache, …). */
export function isFetch(command: ShellCommand): boolean {
  const program = programName(command);
  if (FETCH_PROGRAMS.has(program)) return true;
  if (program === 'certutil') return command.argv.some((a) => /urlcache/i.test(a));
  if (program === 'powershell' || program === 'pwsh') return POWERSHELL_FETCH.test(command.argv.slice(1).join(' '));
  return false;
}

/** Where a download is saved: `curl -o F`, `wget -O F`, `> F`. */
export function fetchOutputs(command: ShellCommand): string[] {
  const outputs = [...command.writesTo];
  const argv = command.argv;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === '-o' || a === '--output' || a === '-O' || a === '--output-document' || a === '-OutFile' || a === '-outfile') && argv[i + 1]) {
      outputs.push(argv[i + 1]!);
    } else if (/^--output(-document)?=/.test(a)) outputs.push(a.slice(a.indexOf('=') + 1));
    else if (/^-o\S/.test(a) && programName(command) === 'curl') outputs.push(a.slice(2));
  }
  return outputs.filter((o) => o !== '-' && o !== '/dev/null');
}

/** Sends data out: `curl -d`, `--data*`, `-F`, `-T`, `wget --post-data`, PowerShell `-Body`. */
export function sendsData(command: ShellCommand): boolean {
  return command.argv.some((a) => /^(-d|--data.*|-F|--form.*|-T|--upload-file|--post-data.*|--post-file.*|-Body|-InFile)$/i.test(a.split('=')[0]!));
}

/** Inline code of `node -e`/`--eval`/`-p`/`--print`, `python -c`, `sh -c`, `powershell -c`. */
export function inlineCode(command: ShellCommand): { language: 'javascript' | 'shell' | 'other'; code: string } | undefined {
  const program = programName(command);
  const argv = command.argv;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const flagValue = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
    if ((program === 'node' || program === 'nodejs') && /^(-e|--eval|-p|--print|-pe)(=|$)/.test(a) && flagValue !== undefined) {
      return { language: 'javascript', code: flagValue };
    }
    if (['sh', 'bash', 'zsh', 'dash', 'ksh'].includes(program) && a === '-c' && flagValue !== undefined) return { language: 'shell', code: flagValue };
    if (['python', 'python3', 'perl', 'ruby', 'powershell', 'pwsh', 'cmd'].includes(program) && /^(-c|-e|\/c|-command|-encodedcommand|-enc)$/i.test(a)) {
      return { language: 'other', code: argv.slice(i + 1).join(' ') };
    }
  }
  return undefined;
}

/** A file the command runs from the package: `node x.js`, `sh ./x.sh`, `./x`, `node ./bin` (no flags). */
export function scriptTarget(command: ShellCommand): string | undefined {
  const program = programName(command);
  const argv = command.argv;
  if (/^(node|nodejs|sh|bash|zsh|dash|python|python3|perl|ruby|tsx|ts-node)$/.test(program)) {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-e' || a === '--eval' || a === '-p' || a === '--print' || a === '-c') return undefined;
      if (a === '-r' || a === '--require' || a === '--import') {
        i++;
        continue;
      }
      if (a.startsWith('-')) continue;
      return looksLikePath(a) ? a : undefined;
    }
    return undefined;
  }
  const first = argv[0] ?? '';
  if (/^\.{1,2}\//.test(first)) return first;
  return undefined;
}

function looksLikePath(word: string): boolean {
  return !/[$`*?]/.test(word) && word.length > 0 && !/^[a-z][a-z0-9+.-]*:\/\//i.test(word);
}

/** Normalises `./a/../b.js` style paths to a package-relative path, or undefined when it leaves the package. */
export function packagePath(target: string): string | undefined {
  const parts: string[] = [];
  for (const part of target.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  if (target.startsWith('/') || /^[a-z]:/i.test(target)) return undefined;
  return parts.join('/');
}
