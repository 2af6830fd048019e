#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/npm/* with real npm releases, so parser tests check what npm actually
# writes: lockfileVersion 3 (npm 11), 2 (npm 11 --lockfile-version 2), 1 (npm 6), a shrinkwrap,
# a workspace project, and a lockfile with registry `resolved` URLs (this machine's npm omits them).
# Each scenario's expected.json comes from npm's own view of the tree it installed (`npm query '*'`),
# computed by npm-expected.mjs. Needs the configured npm registry; installs nothing globally.
# Git hosts are unreachable from the fixture machine, so no scenario has a git dependency;
# the git entry is hand-written in test/lockfiles/npm.test.ts instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out="$repo/fixtures/lockfiles/npm"

install_npm() { # version -> path of its npm-cli.js
  install_tool "$work/tools/npm-$1" "npm@$1"
  echo "$work/tools/npm-$1/node_modules/npm/bin/npm-cli.js"
}

# Nested conflicting versions (debug@2 wants ms@2.0.0, the root pins ms@2.1.3), an alias, a file: folder,
# a file: tarball, an optional dependency, a peer dependency npm installs by itself, dev dependencies.
write_basic() { # dir
  write_basic_project "$1" "$NESTED_BASIC_DEPENDENCIES"
  write_tarred_package "$1"
}

write_workspace() { # dir
  write_workspace_project "$1" \
    '{ "name": "fixture-workspace", "version": "1.0.0", "private": true, "workspaces": ["packages/*"], "devDependencies": { "is-number": "7.0.0" } }' \
    '{ "name": "@fixture/core", "version": "1.0.0", "dependencies": { "ms": "2.1.3" }, "devDependencies": { "kind-of": "6.0.3" } }' \
    '{ "name": "@fixture/app", "version": "1.0.0", "dependencies": { "@fixture/core": "^1.0.0", "debug": "2.6.9", "kind-of": "6.0.3" } }'
}

# Keeps the lockfile and every package.json the parser reads (node_modules stays behind), and
# expected.json from the tree as the given npm sees it.
save_fixture() { # scenario, project dir, npm-cli that reads the tree, lockfile names...
  local scenario="$1" dir="$2" npmcli="$3"
  shift 3
  save_manifests_and_lockfiles "$dir" "$out/$scenario" "$@"
  node "$here/npm-expected.mjs" "$npmcli" "$dir" >"$out/$scenario/expected.json"
  echo "wrote $out/$scenario"
}

run() { # scenario, writer, npm-cli, extra args...
  local scenario="$1" writer="$2" npmcli="$3"
  shift 3
  local dir="$work/$scenario"
  mkdir -p "$dir"
  "$writer" "$dir"
  (cd "$dir" && node "$npmcli" install --ignore-scripts --no-audit --no-fund "$@" >/dev/null)
  local locks=()
  for lock in package-lock.json npm-shrinkwrap.json; do
    if [[ -f "$dir/$lock" ]]; then locks+=("$lock"); fi
  done
  save_fixture "$scenario" "$dir" "$npmcli" "${locks[@]}"
}

npm11="$(install_npm 11.6.2)"
npm6="$(install_npm 6.14.18)"

run basic.v3 write_basic "$npm11"
run basic.v2 write_basic "$npm11" --lockfile-version 2
run basic-resolved.v3 write_basic "$npm11" --no-omit-lockfile-registry-resolved
run workspace.v3 write_workspace "$npm11"
run workspace-resolved.v2 write_workspace "$npm11" --lockfile-version 2 --no-omit-lockfile-registry-resolved

# npm 6 writes lockfileVersion 1; it has no `npm query`, so its expected.json is npm 11's reading of the same tree.
v1="$work/basic.v1"
mkdir -p "$v1" && write_basic "$v1"
(cd "$v1" && node "$npm6" install --ignore-scripts --no-audit >/dev/null 2>&1)
save_fixture basic.v1 "$v1" "$npm11" package-lock.json

# npm-shrinkwrap.json: npm's own conversion of the v3 lockfile.
shrink="$work/shrinkwrap"
mkdir -p "$shrink" && write_basic "$shrink"
(cd "$shrink" && node "$npm11" install --ignore-scripts --no-audit --no-fund >/dev/null && node "$npm11" shrinkwrap >/dev/null 2>&1)
save_fixture shrinkwrap.v3 "$shrink" "$npm11" npm-shrinkwrap.json
