/**
 * remote-code: code the package does not ship but runs anyway. Three shapes, in any file:
 *  - download then execute: fetched text evaluated (`axios.get(u).then(r => eval(r.data))`), fetched
 *    bytes written and run (`https.get(u, r => r.pipe(file)); execFileSync(file)`);
 *  - decode then execute: base64/hex/char-code/XOR/image bytes turned into code for eval/Function/vm;
 *  - dropper commands: curl|sh, PowerShell download cradles, rundll32/mshta/certutil loaders.
 *
 * Installers of prebuilt binaries (esbuild, sharp, puppeteer, chromedriver) also download and run
 * a binary; they fetch over HTTPS from named hosts. Running fetched *bytes* therefore weighs little
 * unless the download comes from a raw IP, plain HTTP, a paste site or a tunnel. Evaluating fetched
 * *text* is rare in legitimate packages and weighs more.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { contextOptions, contextWeight, describeReach } from '../../analysis/behaviour/context.js';
import { packageBehaviour, reachOf, type FileReading, type Reach } from '../../analysis/behaviour/package.js';
import { EXECUTABLE_FILE, IMAGE_DECODER, STRONG_DROPPER_COMMANDS, classifyDestination, isLocalAddress } from '../../analysis/behaviour/patterns.js';
import type { FileBehaviour, RemoteCode, Sink } from '../../analysis/behaviour/model.js';
import { safeLine } from '../../report/sanitize.js';

const options = z.object({
  /** Downloaded text handed to eval/Function/vm/require, from an address the file chooses. */
  evalDownloadWeight: z.number().default(45),
  /**
   * The same from a URL the downloading function was handed: module loaders (systemjs, fengari's
   * loadlib, requirejs) fetch the module a caller names and evaluate it, which is their job.
   */
  loaderEvalWeight: z.number().default(20),
  /** Downloaded bytes written and run: also what binary installers do. */
  runDownloadWeight: z.number().default(15),
  /**
   * The address the payload was fetched from was itself fetched (a dead drop: a smart contract read
   * with eth_call, a gist, a profile page): the code names only where to look, and whoever controls
   * that answer picks the payload (EtherHiding; colortoolsv2, 2025).
   */
  deadDropWeight: z.number().default(20),
  /** Decoded data handed to eval/Function/vm. */
  evalDecodedWeight: z.number().default(25),
  /** The decoded blob is large (an embedded payload, not a short idiom). */
  largeBlobWeight: z.number().default(15),
  /** The decoded bytes went through an XOR cipher the file computes: code kept unreadable on purpose, like a large blob. */
  decryptedPayloadWeight: z.number().default(15),
  /** What runs was read out of an image (steggy, stegcloak, pixel readers): a payload hidden in a picture. */
  imagePayloadWeight: z.number().default(20),
  largeBlobChars: z.number().int().positive().default(1000),
  /** The file downloads from a raw IP, plain HTTP, a paste site, a webhook or a tunnel. */
  suspiciousSourceWeight: z.number().default(35),
  dropperWeight: z.number().default(35),
  /**
   * A download cradle run (curl|sh, PowerShell download or `iex`, hidden or encoded PowerShell, a
   * rundll32/mshta/regsvr32/certutil loader, a library preloaded into a program started): none has an install step's excuse, so at install it is
   * high. The weaker shapes (a temp file made executable, a process detached) keep dropperWeight.
   */
  strongDropperWeight: z.number().default(40),
  /** A command that starts a cryptocurrency miner (xmrig flags, a stratum or Monero pool, a Monero address). */
  minerWeight: z.number().default(70),
  /** A shipped executable started detached when the package loads or installs: left running in the background. */
  backgroundProgramWeight: z.number().default(40),
  /** A socket to a remote host wired to a shell: remote control of the machine. */
  reverseShellWeight: z.number().default(60),
  ...contextOptions,
  /**
   * Downloaded text, or a large blob, a picture or XOR-decrypted bytes decoded, evaluated at an entry point's top level:
   * every `require` runs a hidden stage before the caller asked for anything. A stage-two loader,
   * weighed like an install hook (exfiltration weighs a load-time beacon the same way). Module
   * loaders evaluate what a caller names, inside the function the caller calls, and keep their own weight.
   */
  loadTimeEvalWeight: z.number().default(30),
});

type Options = z.output<typeof options>;

interface Candidate {
  weight: number;
  finding: DetectorFinding;
}

export const remoteCode = definePackageDetector({
  meta: {
    id: 'remote-code',
    description: 'Finds downloaded or decoded code that gets executed, and dropper commands (curl|sh, PowerShell cradles, rundll32), in any file the package ships.',
    needs: ['files'],
    messages: {
      download: '{file} runs what {origin} downloaded (line {originLine}) with {sink} (line {sinkLine}){where}, {reach}',
      decode: '{file} runs {origin} (line {originLine}) with {sink} (line {sinkLine}), {reach}',
      dropper: '{file} runs a dropper command ({what}): `{command}`, {reach}',
      writtenDropper: '{file} carries a dropper command ({what}) in a string it does not run itself: `{command}`, {reach}',
      tokenDropper: '{file} contains a dropper command ({what}) ({analysis})',
      reverseShell: '{file} opens a reverse shell: {what}, {reach}',
      miner: '{file} starts a cryptocurrency miner: `{command}`, {reach}',
      backgroundProgram: '{file} starts a program it ships in the background (`{program}`, detached), {reach}',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'remote-code', reason: 'the tarball was not read' }] };
    const candidates: Candidate[] = [];
    for (const file of behaviour.files) candidates.push(...fileCandidates(file, o));
    candidates.sort((a, b) => b.weight - a.weight);
    const findings = candidates.slice(0, 1).map((c) => ({ ...c.finding, weight: Math.max(5, Math.min(100, c.weight)), evidence: { ...c.finding.evidence, candidates: candidates.length } }));
    return { findings, ...(behaviour.unread.length > 0 ? { unavailable: behaviour.unread } : {}) };
  },
});


/**
 * The dropper shapes that fetch or load a program: the strong cradles but hidden/encoded PowerShell
 * alone, which tools use to pass a script without quoting trouble (@dotenvx/dotenvx reads the Windows
 * Credential Manager that way); with a download or `iex` in it, one of the others matches too. A
 * library preloaded into a started program (LD_PRELOAD) is a loader as strong.
 */
const LOADERS = new Set(STRONG_DROPPER_COMMANDS.map(([, what]) => what).filter((what) => what !== 'hidden or encoded PowerShell'));

/** Every way one file runs code it does not ship, each weighed; the detector reports the weightiest. */
function fileCandidates(file: FileReading, o: Options): Candidate[] {
  // A connection's messages run as commands are the reverse shell below, which says it better.
  const shellSink = file.behaviour?.reverseShell !== undefined;
  const candidates = (file.behaviour?.remoteCode ?? []).filter((rc) => !(shellSink && rc.commandText)).map((rc) => remoteFinding(file, rc, o));
  for (const d of file.behaviour?.droppers ?? []) {
    const dropper = dropperFinding(file, d, o);
    if (dropper) candidates.push(dropper);
  }
  const spot = (messageId: string, weight: number, reach: Reach, at: { line: number; excerpt: string }, data: Record<string, string>): Candidate => ({
    weight,
    finding: { messageId, data: { file: file.path, ...data, reach: describeReach(reach, file.installHook) }, weight, evidence: { file: file.path, line: at.line, excerpt: at.excerpt, reach, analysis: file.analysis } },
  });
  for (const m of file.behaviour?.miners ?? []) {
    const reach = reachOf(file, m.scope);
    candidates.push(spot('miner', o.minerWeight + contextWeight(reach, o), reach, m, { command: m.command }));
  }
  const shell = file.behaviour?.reverseShell;
  if (shell) {
    const reach = reachOf(file, undefined);
    candidates.push(spot('reverseShell', o.reverseShellWeight + contextWeight(reach, o), reach, shell, { what: shell.what }));
  }
  const started = backgroundProgram(file);
  if (started) candidates.push(spot('backgroundProgram', o.backgroundProgramWeight + contextWeight(started.reach, o), started.reach, started.sink, { program: safeLine(started.sink.target ?? '', 80) }));
  const token = file.tokens?.droppers[0];
  if (token) {
    const weight = o.dropperWeight / 2 + (file.installHook ? o.installTimeWeight : 0);
    candidates.push({ weight, finding: { messageId: 'tokenDropper', data: { file: file.path, what: token.token, analysis: file.analysis }, weight, evidence: { file: file.path, line: token.line, excerpt: token.excerpt, analysis: file.analysis } } });
  }
  return candidates;
}

/**
 * A program the package ships (`lib/bin/helper.exe`), started detached when the package loads or
 * installs: it runs on in the background after the install or the `require` that started it (the
 * nodejs-encrypt-agent / TurkoRat shape, 2023). Binary tools start their program when a caller asks,
 * and wait for it.
 */
function backgroundProgram(file: FileReading): { sink: Sink; reach: Reach } | undefined {
  for (const sink of file.behaviour?.sinks ?? []) {
    const program = sink.target?.split(/\s/)[0] ?? '';
    // The package's own program: not one above its folder (Squirrel's ../Update.exe belongs to the installed app).
    if (sink.kind !== 'command' || !sink.detached || !EXECUTABLE_FILE.test(program) || /(?:^|[/\\])\.\.(?:[/\\]|$)|^[/~$]/.test(program)) continue;
    const reach = reachOf(file, sink.flow?.scope);
    if (reach === 'load' || reach === 'install') return { sink, reach };
  }
  return undefined;
}

/** A dropper command run or kept in a string, weighed by its kind, where it fetches from and where it runs. */
function dropperFinding(file: FileReading, d: FileBehaviour['droppers'][number], o: Options): Candidate | undefined {
  // Installers print their vendor's own `curl https://sh.rustup.rs | sh`; a kept command counts
  // only when it fetches from where no vendor serves installers (a raw IP, plain HTTP, a paste site, a tunnel).
  // A script the file writes is meant to run, wherever it fetches from; one written where the
  // system starts it (the Startup folder, a shell profile) runs at every login, in full.
  if (d.written && d.script === undefined && !commandSource(d.command)) return undefined;
  const reach = reachOf(file, file.behaviour?.sinks.find((s) => s.line === d.line)?.flow?.scope);
  // A command kept in a string is what will run, not proof that it runs: half the weight.
  const full = LOADERS.has(d.what) || d.what.startsWith('preloads a library') ? o.strongDropperWeight : o.dropperWeight;
  const base = d.written && d.script !== 'autostart' ? full / 2 : full;
  // A raw IP, plain HTTP or a paste site in the command line itself is proven; elsewhere in the file, half.
  const source = commandSource(d.command) ? o.suspiciousSourceWeight : suspiciousSource(file, d.command) ? o.suspiciousSourceWeight / 2 : 0;
  const weight = base + source + contextWeight(reach, o);
  return {
    weight,
    finding: { messageId: d.written ? 'writtenDropper' : 'dropper', data: { file: file.path, what: d.what, command: d.command, reach: describeReach(reach, file.installHook) }, weight, evidence: { file: file.path, line: d.line, excerpt: d.excerpt, reach, analysis: file.analysis } },
  };
}

/** Where a command line itself fetches from, when that is a raw IP, plain HTTP to a public host, a paste site, a webhook or a tunnel. */
function commandSource(command: string): string | undefined {
  const named = classifyDestination(command);
  if (named) return `${named.what} ${named.host}`;
  const plain = plainHttpHost(command);
  return plain !== undefined ? `plain HTTP ${plain}` : undefined;
}

/** The public host a text asks for over plain `http://`, if any (a dev server on 127.0.0.1 is none). */
function plainHttpHost(text: string): string | undefined {
  const m = /\bhttp:\/\/([^/:'"`\s]+)/.exec(text);
  // A host filled in at run time (`http://${clientHost}/json`, a debugger's own endpoint) is no public host the file names.
  return m && PUBLIC_HOST.test(m[1]!) && !isLocalAddress(m[1]!) ? m[1] : undefined;
}

/** A written host name or IPv4 address: labels and a dot, no placeholder. */
const PUBLIC_HOST = /^(?:[a-z0-9-]+\.)+[a-z0-9-]{2,}$/i;

/** The file fetches from somewhere no release pipeline serves binaries from. */
function suspiciousSource(file: FileReading, extra?: string, runsProgram?: string): string | undefined {
  const network = file.behaviour?.sinks.filter((s) => s.kind === 'network' || s.kind === 'command') ?? [];
  for (const sink of network) if (sink.destination) return `${sink.destination.what} ${sink.destination.host}`;
  for (const text of [extra, ...network.map((s) => s.excerpt)]) {
    const plain = text !== undefined ? plainHttpHost(text) : undefined;
    if (plain !== undefined) return `plain HTTP ${plain}`;
  }
  const named = file.behaviour?.destinations.find((d) => d.kind !== 'webhook' || /discord/.test(d.host));
  if (named) return `${named.what} ${named.host}`;
  // A program fetched with Node's `http` module and never `https`: whatever host the code builds at
  // run time, the bytes it runs came unencrypted and unauthenticated. No binary installer does that.
  const plain = runsProgram !== undefined && EXECUTABLE_FILE.test(runsProgram) ? network.find((s) => /^http\.(get|request)\(\)$/.test(s.what)) : undefined;
  return plain && !network.some((s) => /^https\./.test(s.what)) ? `plain HTTP (${plain.what})` : undefined;
}

/**
 * A downloaded program started detached, to run on in the background: a binary installer runs what it
 * fetched and waits for it (`--version`, a build); a dropper leaves its implant running.
 */
/** Code kept in an anonymous function for later (an exported arrow, a method) runs when its caller asks, not at load. */
function deferredReach(reach: Reach, deferred: boolean): Reach {
  return deferred && reach === 'load' ? 'entry-function' : reach;
}

function leftRunning(rc: RemoteCode, reach: Reach): boolean {
  // Started by a function the user calls (a tunnel's start()), a daemon is the tool's job: only at load or install.
  return rc.stage === 'download' && rc.sink.kind === 'command' && rc.sink.detached === true && (reach === 'load' || reach === 'install');
}

function downloadWeight(rc: RemoteCode, o: Options, suspicious: boolean, reach: Reach): number {
  // Binary installers excuse running fetched bytes only from where releases are served (named HTTPS
  // hosts); from a raw IP, plain HTTP, a paste site or a tunnel, running them weighs like evaluating text.
  // Text fetched and handed to a shell as its command line is a remote shell, not an installer's binary.
  // A script handed to node (`spawn(process.execPath, [dest])`) is code evaluated, not an installer's binary.
  if (rc.sink.kind !== 'code') return suspicious || rc.commandText || runsScript(rc.sink.target) ? o.evalDownloadWeight : leftRunning(rc, reach) ? o.dropperWeight : o.runDownloadWeight;
  return rc.origin.urlFromCaller ? o.loaderEvalWeight : o.evalDownloadWeight;
}

/**
 * Code run from an address another request returned. A release binary found through a release API
 * (`releases/latest` → its asset's URL) is an updater's way and does not count: only code, a script
 * handed to node, or a fetched command line. Nor does code evaluated in the process: loaders and
 * workers fetch the modules a manifest or a message names (@inlang/sdk's plugin catalog,
 * partytown's worker, qwik's optimizer), which the sweeps of trusted packages put at high.
 */
function deadDrop(rc: RemoteCode): boolean {
  return rc.origin.urlFetched === true && (rc.commandText === true || runsScript(rc.sink.target));
}

/** The command runs a JavaScript file with a JavaScript runtime: the model writes process.execPath as `…`. */
function runsScript(target: string | undefined): boolean {
  return target !== undefined && /^(?:node|nodejs|bun|deno|…|\S*[/\\](?:node|bun)(?:\.exe)?)\s+(?:-\S+\s+)*\S*\.[cm]?js(?:\s|$)/.test(target);
}

/**
 * Code evaluated at an entry's top level that is a payload rather than an idiom: text fetched from an
 * address the file chooses, or decoded out of a large blob or a picture. A few decoded characters
 * (`eval(atob('cmV0dXJuIHRoaXM='))`, "return this") are an idiom and keep load's weight.
 */
/** Decoded out of a picture: by an image library, or from the bytes of an image the package ships. */
function fromPicture(rc: RemoteCode): boolean {
  return IMAGE_DECODER.test(rc.origin.what) || rc.origin.fromPicture === true;
}

function runsPayloadAtLoad(file: FileReading, rc: RemoteCode, largeBlobChars: number): boolean {
  // A command line fetched and run by a shell is evaluated text too (a C2 polled from the top level).
  if (rc.sink.kind !== 'code') return rc.commandText === true && !rc.origin.urlFromCaller;
  if (rc.stage === 'download') return !rc.origin.urlFromCaller;
  return largeBlob(file, largeBlobChars) || fromPicture(rc) || rc.origin.decrypted === true;
}

/**
 * The decoded code is a payload, not an idiom: a large encoded blob, or code kept in a string that
 * itself reaches the network or runs a command (a worker built from char codes that posts to a webhook).
 */
function largeBlob(file: FileReading, largeBlobChars: number): boolean {
  return (file.longestEncodedBytes ?? 0) >= largeBlobChars || file.hiddenStage !== undefined;
}

/** What ran, said with what the bytes showed of it: decrypted with XOR, or code that calls the network. */
function originText(file: FileReading, rc: RemoteCode): string {
  if (rc.origin.decrypted) return `${rc.origin.what}, decrypted with XOR,`;
  if (deadDrop(rc)) return `${rc.origin.what} from an address another request returned`;
  return rc.stage === 'decode' && file.hiddenStage ? `${rc.origin.what} (code that calls ${file.hiddenStage})` : rc.origin.what;
}

function remoteFinding(file: FileReading, rc: RemoteCode, o: Options): Candidate {
  // A named function the top level calls runs at load (reachOf decided); an anonymous one written where it is kept for later does not.
  const deferred = rc.sink.flow?.deferred === true && rc.sink.flow.scope === undefined;
  const reach = reachOf(file, rc.sink.flow?.scope);
  const runs = deferredReach(reach, deferred);
  const where = rc.stage === 'download' ? suspiciousSource(file, undefined, rc.sink.kind === 'command' ? rc.sink.target : undefined) : undefined;
  let weight: number;
  if (rc.stage === 'download') weight = downloadWeight(rc, o, where !== undefined, runs) + (where ? o.suspiciousSourceWeight : 0) + (deadDrop(rc) ? o.deadDropWeight : 0);
  else {
    weight = o.evalDecodedWeight + (largeBlob(file, o.largeBlobChars) ? o.largeBlobWeight : 0) + (file.obfuscation ? o.largeBlobWeight : 0) + (fromPicture(rc) ? o.imagePayloadWeight : 0) + (rc.origin.decrypted ? o.decryptedPayloadWeight : 0);
  }
  // Binary installers run what they fetched at install too: from a named HTTPS host, the context counts half.
  const context = runs === 'load' && runsPayloadAtLoad(file, rc, o.largeBlobChars) ? o.loadTimeEvalWeight : contextWeight(reach, o);
  const installer = rc.stage === 'download' && rc.sink.kind !== 'code' && !rc.commandText && !where && !leftRunning(rc, runs) && !runsScript(rc.sink.target);
  weight += installer && context > 0 ? context / 2 : context;
  return {
    weight,
    finding: {
      messageId: rc.stage,
      data: {
        file: file.path,
        origin: originText(file, rc),
        originLine: rc.origin.line,
        sink: leftRunning(rc, runs) ? `${rc.sink.what} (detached)` : rc.sink.what,
        sinkLine: rc.sink.line,
        where: where ? ` (from ${where})` : '',
        reach: describeReach(reach, file.installHook),
      },
      weight,
      evidence: {
        file: file.path,
        line: rc.sink.line,
        excerpt: rc.sink.excerpt,
        origin: { line: rc.origin.line, excerpt: rc.origin.excerpt },
        sink: { line: rc.sink.line, excerpt: rc.sink.excerpt, kind: rc.sink.kind },
        reach,
        analysis: file.analysis,
        ...(where ? { from: where } : {}),
      },
    },
  };
}
