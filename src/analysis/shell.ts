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
  new ShellReader(text, out, substituted, depth).read();
}

/**
 * One pass over a script, character by character: words, quotes, substitutions (read again as
 * commands of their own, nested at most 4 deep), pipes, `&&`/`||`, separators and redirections.
 */
class ShellReader {
  private words: string[] = [];
  private word = '';
  private inWord = false;
  private start = 0;
  private line = 1;
  private commandLine = 1;
  private pipedFrom: ShellCommand | undefined;
  private fallback = false;
  private readonly writesTo: string[] = [];
  private redirectNext = false;
  private readonly nested: string[] = [];

  constructor(
    private readonly text: string,
    private readonly out: ShellCommand[],
    private readonly substituted: boolean,
    private readonly depth: number,
  ) {}

  read(): void {
    const text = this.text;
    for (let i = 0; i < text.length; i++) i = this.step(i, text[i]!, text[i + 1]);
    this.endCommand(text.length);
  }

  /** Reads what starts at `i`; returns the index of the last character it consumed. */
  private step(i: number, c: string, next: string | undefined): number {
    if (c === '\\' && next !== undefined) {
      if (next === '\n') this.line++;
      else this.append(next);
      return i + 1;
    }
    if (c === "'") return this.singleQuoted(i);
    if (c === '"') return this.doubleQuoted(i);
    if ((c === '$' || c === '<' || c === '>') && next === '(') {
      const close = matchParen(this.text, i + 1);
      this.nested.push(this.text.slice(i + 2, close));
      this.append(this.text.slice(i, close + 1));
      return close;
    }
    if (c === '`') {
      const stop = this.backquoted(i);
      this.inWord = true;
      return stop;
    }
    if (c === '#' && !this.inWord) {
      const end = this.text.indexOf('\n', i);
      return (end === -1 ? this.text.length : end) - 1;
    }
    const operator = this.operator(i, c, next);
    if (operator !== undefined) return operator;
    if (c === '>' || (c === '<' && next !== '<')) return this.redirection(i, c, next);
    if (c === ' ' || c === '\t' || c === '\r') this.endWord();
    else this.append(c);
    return i;
  }

  private append(text: string): void {
    this.word += text;
    this.inWord = true;
  }

  private singleQuoted(i: number): number {
    const end = this.text.indexOf("'", i + 1);
    const stop = end === -1 ? this.text.length : end;
    this.append(this.text.slice(i + 1, stop));
    this.line += countNewlines(this.text, i + 1, stop);
    return stop;
  }

  private doubleQuoted(i: number): number {
    const text = this.text;
    let j = i + 1;
    while (j < text.length && text[j] !== '"') {
      if (text[j] === '\\' && j + 1 < text.length) {
        this.word += text[j + 1];
        j += 2;
      } else if (text[j] === '$' && text[j + 1] === '(') {
        const close = matchParen(text, j + 1);
        this.nested.push(text.slice(j + 2, close));
        this.word += text.slice(j, close + 1);
        j = close + 1;
      } else if (text[j] === '`') {
        j = this.backquoted(j) + 1;
      } else {
        if (text[j] === '\n') this.line++;
        this.word += text[j];
        j++;
      }
    }
    this.inWord = true;
    return j;
  }

  /** A backquoted substitution starting at `i`; returns the index of its closing backquote (or the end). */
  private backquoted(i: number): number {
    const close = this.text.indexOf('`', i + 1);
    const stop = close === -1 ? this.text.length : close;
    this.nested.push(this.text.slice(i + 1, stop));
    this.word += this.text.slice(i, stop + 1);
    return stop;
  }

  /** Pipes, `&&`/`||` and separators end a command; undefined when `c` is none of them. */
  private operator(i: number, c: string, next: string | undefined): number | undefined {
    if (c === '|' && next !== '|') {
      this.pipedFrom = this.endCommand(i);
      return next === '&' ? i + 1 : i;
    }
    if ((c === '&' && next === '&') || (c === '|' && next === '|')) {
      this.endCommand(i);
      this.pipedFrom = undefined;
      this.fallback = c === '|';
      this.start = i + 2;
      return i + 1;
    }
    if (c === ';' || c === '\n' || c === '&' || c === '(' || c === ')' || (c === '{' && !this.inWord) || (c === '}' && !this.inWord)) {
      this.endCommand(i);
      if (c === '\n') {
        this.line++;
        this.commandLine = this.line;
      }
      this.pipedFrom = undefined;
      this.fallback = false;
      return i;
    }
    return undefined;
  }

  private redirection(i: number, c: string, next: string | undefined): number {
    // `2>&1`, `&>`: the digit before was a descriptor, not a word.
    if (this.inWord && /^\d$/.test(this.word)) {
      this.word = '';
      this.inWord = false;
    } else this.endWord();
    if (next === '>') i++;
    if (this.text[i + 1] === '&') {
      i++;
      while (i + 1 < this.text.length && /\d/.test(this.text[i + 1]!)) i++;
      return i;
    }
    this.redirectNext = c === '>';
    return i;
  }

  private endWord(): void {
    if (!this.inWord) return;
    if (this.redirectNext) {
      this.writesTo.push(this.word);
      this.redirectNext = false;
    } else this.words.push(this.word);
    this.word = '';
    this.inWord = false;
  }

  private endCommand(end: number): ShellCommand | undefined {
    this.endWord();
    let command: ShellCommand | undefined;
    const argv = stripPrefixes(this.words);
    if (argv.length > 0 || this.writesTo.length > 0) {
      command = {
        argv,
        text: this.text.slice(this.start, end).trim(),
        ...(this.pipedFrom ? { pipedFrom: this.pipedFrom } : {}),
        fallback: this.fallback,
        writesTo: [...this.writesTo],
        substituted: this.substituted,
        line: this.commandLine,
      };
      this.out.push(command);
    }
    for (const inner of this.nested) if (this.depth < 4) parseInto(inner, this.out, true, this.depth + 1);
    this.nested.length = 0;
    this.words = [];
    this.writesTo.length = 0;
    this.start = end + 1;
    this.commandLine = this.line;
    return command;
  }
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

/**
 * A command that only prints its words (`echo "create a .npmrc and …" && exit 1`): what it names
 * is text for the reader, not a file it reads.
 */
export function printsOnly(command: ShellCommand): boolean {
  return /^(echo|printf|write-host|write-output)$/.test(programName(command));
}

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

/** A file the command runs from the package: `node x.js`, `sh ./x.sh`, `./x`, `node ./bin`, `bun x.js` (no flags). */
export function scriptTarget(command: ShellCommand): string | undefined {
  const program = programName(command);
  const argv = command.argv;
  if (/^(node|nodejs|sh|bash|zsh|dash|python|python3|perl|ruby|tsx|ts-node|bun|deno)$/.test(program)) {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      // `bun run x.js`, `deno run -A x.ts`: the file comes after the subcommand.
      if (i === 1 && a === 'run' && (program === 'bun' || program === 'deno')) continue;
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

/** The home folder, the disk or a system folder: what a recursive delete has no business aiming at. */
const DESTRUCTIVE_TARGET = /^(~|~\/\*?|\/\*?|\$\{?HOME\}?(\/\*?)?|\/(home|Users|root|etc|usr|var)\/?\*?|[A-Za-z]:\\?\*?|%(USERPROFILE|HOMEPATH|SYSTEMDRIVE|SYSTEMROOT|APPDATA)%\\?\*?|\$env:(USERPROFILE|HOMEPATH)\\?\*?)$/i;
/** Everything in the working folder: from code a project loads, that folder is the user's project. */
const WORKING_FOLDER = /^(\*|\.|\.\/|\.\/\*)$/;

/**
 * The root a recursive delete or a format is aimed at, when it is the home folder, the disk or a
 * system folder; with `workingFolder`, also everything in the working folder (`rm -rf *`), which is
 * the user's project when code the project loads runs it (an install script runs in the package's own folder).
 */
export function destroyedRoot(command: ShellCommand, workingFolder = false): string | undefined {
  const program = programName(command);
  const args = command.argv.slice(1);
  const recursive = args.some((a) => /^-[a-zA-Z]*[rR]|^--recursive$|^\/s$/i.test(a));
  if (['rm', 'rd', 'rmdir', 'del', 'remove-item', 'shred'].includes(program) && (recursive || program === 'shred')) {
    return args.find((a) => !a.startsWith('-') && !/^\/[sq]$/i.test(a) && (DESTRUCTIVE_TARGET.test(a) || (workingFolder && WORKING_FOLDER.test(a))));
  }
  if (program === 'format' && args.some((a) => /^[A-Za-z]:$/.test(a))) return args.find((a) => /^[A-Za-z]:$/.test(a));
  if (/^mkfs(\.|$)/.test(program)) return args.find((a) => a.startsWith('/dev/'));
  return undefined;
}
