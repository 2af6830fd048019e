#!/usr/bin/env bash
# Regenerates fixtures/lockfiles/{yarn-classic,yarn-berry}/* with real yarn releases from the npm
# registry: yarn 1.22 (yarn.lock v1), Yarn 3.8 (__metadata 6) and Yarn 4.18 (__metadata 10), scripts off.
# expected.json (yarn-expected.mjs) comes from what yarn laid out in node_modules, plus a second
# install with yarn's own production mode to learn which packages yarn considers dev-only.
# Git hosts are unreachable from the fixture machine, so no scenario has a git dependency;
# git entries are hand-written in the yarn tests instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

install_tool "$work/tools/classic" yarn@1.22.22
install_tool "$work/tools/berry3" @yarnpkg/cli-dist@3.8.6
install_tool "$work/tools/berry4" @yarnpkg/cli-dist@4.18.1
classic="$work/tools/classic/node_modules/yarn/bin/yarn.js"

# Nested conflicting versions (debug@2 wants ms@2.0.0, the root pins ms@2.1.3), an alias, a file: folder,
# a file: tarball, an optional dependency, an unmet peer dependency (yarn does not install peers), dev deps,
# and resolve, which berry's compat plugin always patches (so the lockfile gets real `patch:` entries).
write_basic() { # dir
  write_basic_project "$1" "$NESTED_BASIC_DEPENDENCIES,
    \"resolve\": \"1.22.8\""
  write_tarred_package "$1"
}

# Two workspaces; app depends on core through the workspace, core has its own dev dependency,
# and the two ask for different kind-of versions so one is nested.
write_workspace() { # dir, spec app uses for core
  write_workspace_project "$1" \
    '{ "name": "fixture-workspace", "version": "1.0.0", "private": true, "workspaces": ["packages/*"], "devDependencies": { "is-number": "7.0.0" } }' \
    '{ "name": "@fixture/core", "version": "1.0.0", "dependencies": { "ms": "2.1.3" }, "devDependencies": { "kind-of": "6.0.2" } }' \
    "{ \"name\": \"@fixture/app\", \"version\": \"1.0.0\", \"dependencies\": { \"@fixture/core\": \"$2\", \"debug\": \"2.6.9\", \"kind-of\": \"6.0.3\" } }"
}

classic_run() { # scenario, writer, writer args...
  local scenario="$1" writer="$2"
  shift 2
  local dir="$work/classic-$scenario" prod="$work/classic-$scenario-prod"
  mkdir -p "$dir" && "$writer" "$dir" "$@"
  (cd "$dir" && node "$classic" install --ignore-scripts --non-interactive --no-progress --registry "$registry" >/dev/null 2>&1)
  # Production mode on a copy with the same lockfile: whatever disappears is dev-only for yarn.
  mkdir -p "$prod" && "$writer" "$prod" "$@" && cp "$dir/yarn.lock" "$prod/"
  (cd "$prod" && node "$classic" install --production --frozen-lockfile --ignore-scripts --non-interactive --no-progress --registry "$registry" >/dev/null 2>&1)
  local out="$repo/fixtures/lockfiles/yarn-classic/$scenario"
  save_manifests_and_lockfiles "$dir" "$out" yarn.lock
  node "$here/yarn-expected.mjs" "$dir" "$prod" "yarn $(node "$classic" --version)" >"$out/expected.json"
  echo "wrote $out"
}

berry_run() { # cli dir name, scenario, writer, writer args...
  local tool="$1" scenario="$2" writer="$3"
  shift 3
  local cli="$work/tools/$tool/node_modules/@yarnpkg/cli-dist/bin/yarn.js"
  local dir="$work/$tool-$scenario" prod="$work/$tool-$scenario-prod"
  for d in "$dir" "$prod"; do
    mkdir -p "$d" && "$writer" "$d" "$@" && touch "$d/yarn.lock"
    printf 'nodeLinker: node-modules\nenableScripts: false\nenableTelemetry: false\nenableGlobalCache: false\nnpmRegistryServer: "%s"\n' "${registry%/}" >"$d/.yarnrc.yml"
  done
  (cd "$dir" && YARN_ENABLE_IMMUTABLE_INSTALLS=false node "$cli" install >/dev/null)
  cp "$dir/yarn.lock" "$prod/yarn.lock"
  # `workspaces focus` is built into Yarn 4 only (Yarn 3 fetches the plugin from GitHub), so Yarn 4 does the
  # production install for both; it reads the v6 lockfile and resolves the same tree.
  (cd "$prod" && YARN_ENABLE_IMMUTABLE_INSTALLS=false node "$work/tools/berry4/node_modules/@yarnpkg/cli-dist/bin/yarn.js" workspaces focus --all --production >/dev/null)
  local out="$repo/fixtures/lockfiles/yarn-berry/$scenario"
  save_manifests_and_lockfiles "$dir" "$out" yarn.lock
  node "$here/yarn-expected.mjs" "$dir" "$prod" "yarn $(cd "$dir" && node "$cli" --version)" >"$out/expected.json"
  echo "wrote $out"
}

case "${1:-all}" in
  all | classic)
    classic_run basic write_basic
    classic_run workspace write_workspace "^1.0.0"
    ;;&
  all | berry)
    berry_run berry4 basic.v10 write_basic
    berry_run berry4 workspace.v10 write_workspace "workspace:^"
    berry_run berry3 basic.v6 write_basic
    berry_run berry3 workspace.v6 write_workspace "workspace:*"
    ;;
esac
