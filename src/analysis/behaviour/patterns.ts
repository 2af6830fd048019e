/**
 * What makes a value sensitive, a destination suspicious or a command a dropper: the tables the
 * behaviour model classifies with. Kept as data so a reviewer can read them in one place.
 *
 * Sources: public write-ups of npm malware (Socket, Phylum, Snyk, Checkmarx, JFrog, ReversingLabs
 * and Datadog Security Labs reports 2021-2025) and the GuardDog npm rule set (DataDog/guarddog,
 * Apache-2.0), read for the mechanisms, not copied.
 */

export type SourceKind = 'environment' | 'credential-file' | 'host-identity' | 'clipboard' | 'ci-secret' | 'browser-data' | 'wallet' | 'page-data';

/** Credential and secret files, matched against a resolved path (`~` stands for the home directory). */
export const CREDENTIAL_PATHS: readonly [RegExp, SourceKind, string][] = [
  [/(^|[/\\])\.npmrc\b/i, 'credential-file', 'npm token file (.npmrc)'],
  [/(^|[/\\])\.ssh([/\\]|$)|id_(rsa|ed25519|ecdsa|dsa)\b/i, 'credential-file', 'SSH keys'],
  [/\.aws[/\\](credentials|config)|(^|[/\\])\.aws([/\\]|$)/i, 'credential-file', 'AWS credentials'],
  [/\.git-credentials|\.gitconfig\b|\.config[/\\]gh[/\\]hosts\.yml/i, 'credential-file', 'git credentials'],
  [/\.(bash|zsh|sh)_history|\.history\b|ConsoleHost_history/i, 'credential-file', 'shell history'],
  [/^\/etc\/(passwd|shadow|hosts)$/i, 'credential-file', 'system accounts (/etc/passwd)'],
  [/\.docker[/\\]config\.json|\.kube[/\\]config|\.config[/\\]gcloud|\.azure[/\\]|\.netrc\b|\.pypirc\b|\.yarnrc|\.env(\.local|\.production)?$/i, 'credential-file', 'cloud or registry credentials'],
  // AI assistants keep API keys and MCP servers' tokens in these (CanisterSprawl and the nx s1ngularity payload read them).
  [/\.cursor[/\\]mcp\.json|(^|[/\\])\.claude\.json$|claude_desktop_config\.json|windsurf[/\\]mcp_config\.json|\.gemini[/\\](settings|oauth_creds)\.json|\.codex[/\\]auth\.json/i, 'credential-file', 'AI assistant config (API keys, MCP tokens)'],
  [/Local Storage[/\\]leveldb|[/\\](discord|discordcanary|discordptb|Lightcord)[/\\]?/i, 'browser-data', 'Discord / browser token store'],
  [/Login Data|Local State|[/\\]Cookies\b|User Data[/\\]Default|Google[/\\]Chrome|BraveSoftware|Mozilla[/\\]Firefox[/\\]Profiles|Opera Software|Microsoft[/\\]Edge[/\\]User Data|Yandex[/\\]YandexBrowser|key4\.db|logins\.json/i, 'browser-data', 'browser profile (passwords, cookies)'],
  [/Exodus[/\\]exodus\.wallet|[/\\]\.?electrum[/\\]|wallet\.dat|[/\\]keystore[/\\]?|\.config[/\\]solana[/\\]id\.json|Atomic[/\\]Local Storage|nkbihfbeogaeaoehlefnkodbefgpgknn|ibnejdfjmmkpcnlpebklmnkoeoihofec|bfnaelmomeimhlpmgjnjophhpkkoljpa|[/\\]Ethereum[/\\]keystore|MetaMask/i, 'wallet', 'cryptocurrency wallet files'],
];

/** Environment variables that are secrets a CI or a developer machine holds. */
export const SECRET_ENV = /^(NPM_TOKEN|NODE_AUTH_TOKEN|NPM_AUTH_TOKEN|GITHUB_TOKEN|GH_TOKEN|GITLAB_TOKEN|CI_JOB_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_ACCESS_KEY_ID|AZURE_CLIENT_SECRET|GOOGLE_APPLICATION_CREDENTIALS|CIRCLE_TOKEN|TRAVIS_TOKEN|SLACK_TOKEN|DISCORD_TOKEN|OPENAI_API_KEY|ANTHROPIC_API_KEY|HEROKU_API_KEY|DOCKER_PASSWORD|PRIVATE_KEY|MNEMONIC|SEED_PHRASE)$|(_|^)(SECRET|PASSWORD|PASSWD|PRIVATE_KEY|API_KEY|ACCESS_TOKEN|AUTH_TOKEN)(_|$)/i;

/**
 * Environment variables naming the machine or the user: recon, like os.hostname(). Not HOME or
 * USERPROFILE: like os.homedir() they build paths (a cache folder handed to an HTTP client's options).
 */
export const IDENTITY_ENV = /^(USER|USERNAME|LOGNAME|HOSTNAME|COMPUTERNAME|USERDOMAIN)$/;

/** Calls whose value names the host or the user (not os.homedir(): it mostly builds paths). */
export const IDENTITY_CALLS = /^os\.(userInfo|hostname|networkInterfaces)$|^(username|os-name|public-ip|internal-ip|macaddress|node-machine-id|systeminformation)(\..+)?$/;

/** Calls that read the clipboard. */
export const CLIPBOARD_READS = /^(clipboardy\.(read|readSync)|navigator\.clipboard\.(readText|read)|copy-paste\.paste|electron\.clipboard\.readText)$/;

/** Calls that read a file (first argument: the path). */
export const FILE_READS = /^fs\.(readFileSync|readFile|createReadStream|readdirSync|readdir|promises\.readFile|promises\.readdir|existsSync|statSync|copyFileSync|copyFile)$|^fs-extra\.(readFile|readFileSync|readJson|readJsonSync|copy|copySync)$|^Bun\.file$|^Deno\.(readTextFile|readFile|readDir)(Sync)?$/;

/** Calls that write a file (first argument: the path). */
export const FILE_WRITES = /^fs\.(writeFileSync|writeFile|appendFileSync|appendFile|createWriteStream|promises\.writeFile|promises\.appendFile|copyFileSync|copyFile|renameSync|symlinkSync)$|^fs-extra\.(writeFile|writeFileSync|outputFile|outputFileSync|writeJson|writeJsonSync|outputJson)$|^Bun\.write$|^Deno\.(writeTextFile|writeFile)(Sync)?$/;

/** Commands (shell or argv) that reveal who and where the host is. */
export const RECON_COMMANDS = /^\s*(whoami|hostname|id|uname\b|ipconfig|ifconfig|systeminfo|printenv|env\s*$|set\s*$|cat\s+\/etc\/passwd|net\s+user|curl\s+[^|]*ifconfig\.me|wmic\s)/i;

export type DestinationKind = 'webhook' | 'collector' | 'paste-site' | 'raw-ip' | 'plain-http' | 'dns-exfil' | 'tunnel';

/** Destinations nobody ships a library to talk to, except to receive stolen data or serve payloads. */
export const SUSPICIOUS_HOSTS: readonly [RegExp, DestinationKind, string][] = [
  [/discord(app)?\.com\/api\/webhooks|api\.telegram\.org\/bot|hooks\.slack\.com\/services|webhook\.office\.com/i, 'webhook', 'chat webhook'],
  // The path alone, for a request whose host and path are separate options ({ hostname: 'discord.com', path }):
  // a Discord webhook's numeric id and long token, a Telegram bot's id:token.
  [/\/api(\/v\d+)?\/webhooks\/\d{17,20}\/[\w-]{30,}|\/bot\d{6,12}:[\w-]{30,}\//, 'webhook', 'chat webhook'],
  [/\b(pipedream\.net|m\.pipedream\.net|requestbin|webhook\.site|requestcatcher\.com|beeceptor\.com|burpcollaborator\.net|oastify\.com|interact\.sh|interactsh|\.oast\.(pro|live|site|online|fun|me)|canarytokens|dnslog\.cn|ceye\.io|requestrepo\.com|hookbin\.com|postb\.in|ptsv2\.com|eo[a-z0-9]{10,}\.m\.pipedream)/i, 'collector', 'request collector'],
  [/\b(pastebin\.com|paste\.ee|hastebin\.com|ghostbin|rentry\.co|dpaste|transfer\.sh|file\.io|anonfiles|temp\.sh|0x0\.st|bashupload)/i, 'paste-site', 'paste or file-drop site'],
  [/\b(ngrok(-free)?\.(io|app|dev)|serveo\.net|localtunnel\.me|loca\.lt|trycloudflare\.com|pagekite\.me)\b/i, 'tunnel', 'tunnel endpoint'],
];

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Private, loopback, link-local and multicast ranges: local services and tests, not exfiltration. */
export function isLocalAddress(host: string): boolean {
  const m = IPV4.exec(host);
  if (!m) return /^(localhost|\[?::1\]?|0\.0\.0\.0)$/i.test(host);
  const [a, b] = [Number(m[1]), Number(m[2])];
  // Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24) are not local: write-ups and the
  // test corpus use them for the attacker's server, and no local service lives there.
  return a === 10 || a === 127 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254) || a >= 224;
}

export interface Destination {
  kind: DestinationKind;
  what: string;
  host: string;
}

/** Classifies a URL or host string; undefined when it is nothing suspicious or not a destination. */
export function classifyDestination(text: string): Destination | undefined {
  for (const [pattern, kind, what] of SUSPICIOUS_HOSTS) {
    const m = pattern.exec(text);
    if (m) return { kind, what, host: m[0] };
  }
  const url = /\b(https?|wss?|ftp):\/\/([^/:?#\s'"`]+)/i.exec(text);
  const option = /\b(host|hostname|address)\s*:\s*['"`]([\d.]+)['"`]/.exec(text);
  const host = url?.[2] ?? option?.[2] ?? (/^[\d.]+$/.test(text.trim()) ? text.trim() : undefined);
  if (host === undefined) return undefined;
  if (IPV4.test(host) && !isLocalAddress(host)) return { kind: 'raw-ip', what: 'raw IP address', host };
  return undefined;
}

/** A running program stopped by name (`taskkill /F /IM "X.exe"`, `killall X`, `pkill -f X`, `Stop-Process -Name X`): so its files can be replaced. */
export const KILLS_PROGRAM = /\btaskkill\b[^\n]{0,40}\/IM\b|\b(?:killall|pkill)\s|\bStop-Process\b[^\n]{0,40}-Name\b/i;

/** Commands that fetch and run a payload, or run one dropped to disk. */
export const DROPPER_COMMANDS: readonly [RegExp, string][] = [
  // Gaps are bounded: a minified bundle is one long line, and an unbounded `[^\n]*` twice in a pattern is quadratic on it.
  // `printf '%s' 'bm9odXAg…' | (base64 -d || base64 -D) | sh`: a command kept encoded, decoded into a shell (@velora-dex/sdk 9.4.1).
  [/\bbase64\s+(?:-d|--decode|-D)\b[^;&\n]{0,60}?\|\s*(ba|z|da)?sh\b/i, 'pipes decoded base64 into a shell'],
  [/\b(curl|wget)\b[^|;&\n]{0,200}\|\s*(ba|z|da)?sh\b|\b(curl|wget)\b[^|;&\n]{0,200}\|\s*(node|python3?|perl)\b/i, 'pipes a download into a shell'],
  [/\b(Invoke-WebRequest|Invoke-RestMethod|DownloadString|DownloadFile|Net\.WebClient|Start-BitsTransfer)\b|\b(iwr|irm)\s+(-Uri\s+)?['"]?https?:/i, 'PowerShell download'],
  [/\|\s*(iex|Invoke-Expression)\b|\biex\s*\(|\bInvoke-Expression\b/i, 'PowerShell Invoke-Expression'],
  [/\bpowershell(\.exe)?\b[^\n]{0,200}\s-(e|enc|encodedcommand|w(indowstyle)?\s+hidden)\b/i, 'hidden or encoded PowerShell'],
  [/\b(rundll32|regsvr32|mshta)(\.exe)?\s+\S|\bcertutil(\.exe)?\s+-urlcache|\bbitsadmin(\.exe)?\s+\/transfer|\b[wc]script(\.exe)?\s+\S+\.(vbs|js|jse|wsf)\b/i, 'Windows living-off-the-land loader'],
  [/\b(curl|wget)\b[^\n]{0,200}\s(-o|-O|--output)\s*\S+[^\n]{0,200}(&&|;)\s*(chmod\s+\+x|\.\/|sh\s|bash\s|start\s)/i, 'downloads a file, then runs it'],
  [/\bchmod\s+(\+x|[0-7]*7[0-7]*)\s+\S*(\/tmp\/|\$TMPDIR|AppData|Temp)/i, 'makes a temp file executable'],
  [/\bnohup\b[^\n]{0,200}&\s*$|\bsetsid\s+\S/im, 'detaches a background process'],
];

/**
 * Where AI coding assistants read the commands they start (MCP servers) and the hooks they run:
 * an entry there runs whenever the assistant starts, with the user's files and keys in reach.
 */
export const AI_ASSISTANT_CONFIGS: readonly RegExp[] = [
  /(^|[/\\])\.cursor[/\\]mcp\.json$|(^|[/\\])\.claude\.json$|(^|[/\\])\.claude[/\\]settings(\.local)?\.json$|claude_desktop_config\.json$|(^|[/\\])\.gemini[/\\]settings\.json$|(^|[/\\])\.codeium[/\\]windsurf[/\\]mcp_config\.json$|(^|[/\\])\.vscode[/\\]mcp\.json$/i,
];

/**
 * Commands that print a credential: the GitHub CLI's token (what s1ngularity and Shai-Hulud took),
 * npm's token, git's stored credentials, cloud CLIs' access tokens, the macOS keychain.
 */
export const CREDENTIAL_COMMANDS: readonly [RegExp, string][] = [
  [/\bgh\s+auth\s+(token|status\s+(-t|--show-token))\b/i, 'GitHub CLI token (gh auth token)'],
  [/\bnpm\s+(config\s+get\s+\S*_?auth\S*|token\s+(list|create))/i, 'npm token (npm config / npm token)'],
  [/\bgit\s+credential\s+fill\b|\bgit\s+config\s+(--global\s+)?--get\S*\s+\S*(credential|token|password)/i, 'git credentials (git credential)'],
  [/\baws\s+configure\s+(get|export-credentials)\b|\bgcloud\s+auth\s+print-(access|identity)-token\b|\baz\s+account\s+get-access-token\b/i, 'cloud CLI credentials'],
  [/\bsecurity\s+find-(generic|internet)-password\b/i, 'macOS keychain password'],
];

/** The text of the longest base64 literal of a command that decodes base64 into a shell, if it reads as text. */
export function decodedShellText(command: string): string | undefined {
  const encoded = [...command.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) => m[0]).sort((a, b) => b.length - a.length)[0];
  if (encoded === undefined) return undefined;
  const text = Buffer.from(encoded, 'base64').toString('latin1');
  return /^[\x20-\x7e\t\r\n]+$/.test(text) ? text : undefined;
}

/** Download cradles strong enough to name in any text: curl|sh, PowerShell downloads and `iex`, hidden PowerShell, LOLBin loaders. */
export const STRONG_DROPPER_COMMANDS = DROPPER_COMMANDS.slice(0, 6);

/** Files every new shell runs: a line added there runs at each login. */
export const SHELL_PROFILE = /(^|[/\\])\.(bashrc|zshrc|bash_profile|profile|zprofile|zshenv)$/i;

/** Libraries that read data out of pictures (steganography, pixel readers): a call of one of these decodes. */
export const IMAGE_DECODER = /^(pngjs|jimp|get-pixels|sharp|steggy|stegcloak|steganography)\./;

/** The one-file rule sets AI coding assistants read in a project (`.cursorrules`, `.windsurfrules`, `.clinerules`). */
export const AI_RULE_DOTFILE = /(?:^|[/\\])\.(?:cursorrules|windsurfrules|clinerules)$/;

/** Writes that persist or spread: workflows, shell profiles, autostart, other installed packages. */
export const PERSISTENCE_PATHS: readonly [RegExp, string][] = [
  [/\.github[/\\]workflows[/\\]/i, 'writes a GitHub Actions workflow'],
  [SHELL_PROFILE, 'writes a shell profile'],
  // Python runs the `import` lines of every .pth file in its site-packages at each start (the Hades
  // wave of 2026 planted one from an npm postinstall): no package writes another language's start-up.
  [/\.pth$/i, "writes into another application's code (a Python .pth start-up hook, run at every Python start)"],
  [/crontab|\/etc\/cron|LaunchAgents|LaunchDaemons|\/etc\/systemd|\.config[/\\]systemd[/\\]user|\.config[/\\]autostart|Start Menu[/\\]Programs[/\\]Startup|CurrentVersion\\+Run/i, 'installs an autostart entry'],
  // A key of the attacker's in authorized_keys, a library preloaded into every program, a sudo rule: a way back in.
  [/[/\\]\.ssh[/\\]authorized_keys2?$|\/etc\/ld\.so\.preload$|\/etc\/sudoers(?:\.d\/|$)/i, 'opens a way back in (SSH authorized_keys, ld.so.preload, sudoers)'],
  // `$CWD/../x/`: an install hook runs in node_modules/<name>, so its parent's folders are the other packages.
  [/node_modules[/\\](?!\.cache|\.bin)[^/\\…]+[/\\]|\$CWD[/\\]\.\.[/\\](?!\.)[^/\\…$]+[/\\]/i, 'writes into another installed package'],
  // Discord token stealers append to the client's own code, which runs at every start with the token in reach.
  // …and so does replacing an installed application's files (sw-cur overwrote Cursor.app's out/main.js with a downloaded one).
  [/discord_desktop_core|[/\\]resources[/\\]app\.asar\b|[/\\]Extensions[/\\][a-p]{32}[/\\]|^\/Applications\/[^/]+\.app\/Contents\/|AppData[/\\]+Local[/\\]+Programs[/\\]+[^/\\]+[/\\]|[/\\]Program Files(?: \(x86\))?[/\\]/i, "writes into another application's code"],
  ...AI_ASSISTANT_CONFIGS.map((pattern): [RegExp, string] => [pattern, "registers a command with an AI coding assistant"]),
  // Rules an assistant follows in every session of the project (the Rules File Backdoor, 2025).
  [new RegExp(String.raw`(^|[/\\])\.cursor[/\\]rules[/\\]|(^|[/\\])\.github[/\\](?:copilot-instructions\.md$|instructions[/\\])|${AI_RULE_DOTFILE.source}|(^|[/\\])(?:CLAUDE|AGENTS|GEMINI)\.md$`), 'writes instructions for an AI coding assistant'],
];

/**
 * A cryptocurrency miner's command line: xmrig's own flags, a stratum pool URL, a well-known Monero
 * pool, or a Monero wallet address as an argument (the ua-parser-js, coa and rc hijacks of 2021 ran
 * xmrig from their preinstall). No installer passes these.
 */
export const MINER_COMMAND = /\bstratum\+(tcp|ssl|tls):\/\/|--donate-level\b|--rig-id\b|--cpu-max-threads-hint\b|\bxmrig\b|\b(minexmr|supportxmr|moneroocean|hashvault|c3pool|nanopool|herominers)\.(com|org|net|pro|stream)\b|(^|\s)4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}(\s|$)/i;

/** Executable payload extensions dropped to disk. */
export const EXECUTABLE_FILE = /\.(exe|dll|scr|bat|cmd|ps1|vbs|vbe|jse|hta|msi|sh|command|app|bin|elf)$/i;

/** Secret scanners and AI command-line agents told to act without confirmation (s1ngularity). */
export const SECRET_HUNT = /\b(trufflehog|gitleaks|detect-secrets|noseyparker)\b|--dangerously-skip-permissions|--yolo\b|--trust-all-tools/i;

/**
 * The service a credential belongs to. Sending an npm token to the npm registry, a GitHub token to
 * GitHub or AWS keys to AWS is using the credential (release tooling, SDKs), not stealing it.
 */
export const CREDENTIAL_HOMES: readonly [RegExp, RegExp][] = [
  [/npm|NPM_TOKEN|NODE_AUTH_TOKEN/i, /registry\.npmjs\.org|registry\.yarnpkg\.com|npm\.pkg\.github\.com|npm_config_registry|\bregistry\b/i],
  // Octokit is GitHub's own API client, and `GET /repos/…` one of its routes.
  [/git|GITHUB|GH_TOKEN/i, /api\.github\.com|github\.com|GITHUB_API_URL|GITHUB_SERVER_URL|@octokit\/|^octokit$|^(GET|POST|PUT|PATCH|DELETE) \/(repos|orgs|users|user)\b/i],
  [/AWS/i, /amazonaws\.com/i],
  [/GITLAB|CI_JOB_TOKEN/i, /gitlab/i],
];
