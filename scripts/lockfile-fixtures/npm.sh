#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/npm/* with real npm releases, so parser tests check what npm actually
# writes: lockfileVersion 3 (npm 11), 2 (npm 11 --lockfile-version 2), 1 (npm 6), a shrinkwrap,
# a workspace project, and a lockfile with registry `resolved` URLs (this machine's npm omits them).
# Each scenario's expected.json comes from npm's own view of the tree it installed (`npm query '*'`),
# computed by npm-expected.mjs. Needs the configured npm registry; installs nothing globally.
# Git hosts are unreachable from the fixture machine, so no scenario has a git dependency;
# the git entry is hand-written in test/lockfiles/npm.test.ts instead.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/fixtures/lockfiles/npm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

install_npm() { # version -> path of its npm-cli.js
  npm install --no-save --ignore-scripts --silent --prefix "$work/tools/npm-$1" "npm@$1" >/dev/null
  echo "$work/tools/npm-$1/node_modules/npm/bin/npm-cli.js"
}

# Nested conflicting versions (debug@2 wants ms@2.0.0, the root pins ms@2.1.3), an alias, a file: folder,
# a file: tarball, an optional dependency, a peer dependency npm installs by itself, dev dependencies.
write_basic() { # dir
  mkdir -p "$1/local-thing" "$1/vendor/tarred"
  cat >"$1/package.json" <<'JSON'
{
  "name": "fixture-basic",
  "version": "1.0.0",
  "private": true,
  "dependencies": {
    "debug": "2.6.9",
    "ms": "2.1.3",
    "my-ms": "npm:ms@2.1.2",
    "local-thing": "file:./local-thing",
    "tarred": "file:./vendor/tarred-0.2.0.tgz",
    "use-sync-external-store": "1.2.0"
  },
  "devDependencies": { "is-number": "7.0.0", "chalk": "4.1.2" },
  "optionalDependencies": { "is-odd": "3.0.1" }
}
JSON
  echo '{ "name": "local-thing", "version": "0.1.0", "dependencies": { "has-flag": "4.0.0" } }' >"$1/local-thing/package.json"
  echo '{ "name": "tarred", "version": "0.2.0", "dependencies": { "kind-of": "6.0.3" } }' >"$1/vendor/tarred/package.json"
  (cd "$1/vendor" && tar -czf tarred-0.2.0.tgz --transform 's,^tarred,package,' tarred && rm -rf tarred)
}

write_workspace() { # dir
  mkdir -p "$1/packages/core" "$1/packages/app"
  cat >"$1/package.json" <<'JSON'
{ "name": "fixture-workspace", "version": "1.0.0", "private": true, "workspaces": ["packages/*"], "devDependencies": { "is-number": "7.0.0" } }
JSON
  cat >"$1/packages/core/package.json" <<'JSON'
{ "name": "@fixture/core", "version": "1.0.0", "dependencies": { "ms": "2.1.3" }, "devDependencies": { "kind-of": "6.0.3" } }
JSON
  cat >"$1/packages/app/package.json" <<'JSON'
{ "name": "@fixture/app", "version": "1.0.0", "dependencies": { "@fixture/core": "^1.0.0", "debug": "2.6.9", "kind-of": "6.0.3" } }
JSON
}

run() { # scenario, writer, node, npm-cli, extra args...
  local scenario="$1" writer="$2" npmcli="$3"
  shift 3
  local dir="$work/$scenario"
  mkdir -p "$dir"
  "$writer" "$dir"
  (cd "$dir" && node "$npmcli" install --ignore-scripts --no-audit --no-fund "$@" >/dev/null)
  rm -rf "${out:?}/$scenario"
  mkdir -p "$out/$scenario"
  # Keep the lockfile and every package.json the parser reads; node_modules stays behind.
  (cd "$dir" && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} "$out/$scenario/" \;)
  for lock in package-lock.json npm-shrinkwrap.json; do
    [[ -f "$dir/$lock" ]] && cp "$dir/$lock" "$out/$scenario/"
  done
  node "$here/npm-expected.mjs" "$npmcli" "$dir" >"$out/$scenario/expected.json"
  echo "wrote $out/$scenario"
}

npm11="$(install_npm 11.6.2)"
npm6="$(install_npm 6.14.18)"

run basic.v3 write_basic "$npm11"
run basic.v2 write_basic "$npm11" --lockfile-version 2
run basic-resolved.v3 write_basic "$npm11" --no-omit-lockfile-registry-resolved
run workspace.v3 write_workspace "$npm11"
run workspace-resolved.v2 write_workspace "$npm11" --lockfile-version 2 --no-omit-lockfile-registry-resolved

# npm 6 writes lockfileVersion 1; it has no `npm query`, so its expected.json is npm 11's reading of the same tree.
run_v1() { # scenario
  local dir="$work/$1"
  mkdir -p "$dir"
  write_basic "$dir"
  (cd "$dir" && node "$npm6" install --ignore-scripts --no-audit >/dev/null 2>&1)
  rm -rf "${out:?}/$1" && mkdir -p "$out/$1"
  (cd "$dir" && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} "$out/$1/" \;)
  cp "$dir/package-lock.json" "$out/$1/"
  node "$here/npm-expected.mjs" "$npm11" "$dir" >"$out/$1/expected.json"
  echo "wrote $out/$1"
}
run_v1 basic.v1

# npm-shrinkwrap.json: npm's own conversion of the v3 lockfile.
shrink="$work/shrinkwrap"
mkdir -p "$shrink" && write_basic "$shrink"
(cd "$shrink" && node "$npm11" install --ignore-scripts --no-audit --no-fund >/dev/null && node "$npm11" shrinkwrap >/dev/null 2>&1)
rm -rf "${out:?}/shrinkwrap.v3" && mkdir -p "$out/shrinkwrap.v3"
(cd "$shrink" && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} "$out/shrinkwrap.v3/" \;)
cp "$shrink/npm-shrinkwrap.json" "$out/shrinkwrap.v3/"
node "$here/npm-expected.mjs" "$npm11" "$shrink" >"$out/shrinkwrap.v3/expected.json"
echo "wrote $out/shrinkwrap.v3"
